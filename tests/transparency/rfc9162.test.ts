import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CompactRange, consistencyRanges, EMPTY_ROOT, inclusionRanges, leafHash, MemoryTree, toHex, verifyConsistency, verifyInclusion } from '../../api/transparency/merkle.js';
import { checkpointText, NoteError, openNote, parseCheckpointText, parseVerifierKey, signNote, verifierKey } from '../../api/transparency/note.js';
import { rfc } from './rfc9162-reference.js';

const hex = (h: Uint8Array) => Buffer.from(h).toString('hex');
const unhex = (s: string) => new Uint8Array(Buffer.from(s, 'hex'));
const treeOf = (leaves: Uint8Array[]) => {
  const t = new MemoryTree();
  leaves.forEach((l) => t.append(l));
  return t;
};
const leavesOf = (n: number, salt = 0) => Array.from({ length: n }, (_, i) => rfc.leaf(Buffer.from(`leaf ${salt}/${i}`)));
const flip = (h: Uint8Array) => {
  const c = new Uint8Array(h);
  c[0]! ^= 1;
  return c;
};

// Certificate Transparency's reference tree (RFC 6962 test data, used by every CT implementation).
const CT_DATA = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'].map(unhex);
const CT_ROOTS = [
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
];
const CT_INCLUSION: [number, number, string[]][] = [
  [0, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [5, 8, ['bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 3, ['fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125']],
  [1, 5, ['6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];
const CT_CONSISTENCY: [number, number, string[]][] = [
  [1, 1, []],
  [1, 8, ['96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7', '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4']],
  [6, 8, ['0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a', 'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0', 'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7']],
  [2, 5, ['5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e', 'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b']],
];

describe('RFC 9162 Merkle trees', () => {
  it('hash leaves, nodes and the empty tree as Certificate Transparency does (its reference roots for sizes 0–8)', () => {
    expect(toHex(EMPTY_ROOT)).toBe(CT_ROOTS[0]);
    const tree = new MemoryTree();
    expect(toHex(tree.root())).toBe(CT_ROOTS[0]);
    for (const [i, d] of CT_DATA.entries()) {
      expect(toHex(leafHash(d))).toBe(hex(rfc.leaf(d)));
      tree.append(leafHash(d));
      expect(toHex(tree.root()), `size ${i + 1}`).toBe(CT_ROOTS[i + 1]);
    }
    for (let n = 0; n <= 8; n++) expect(toHex(tree.root(n))).toBe(CT_ROOTS[n]);
  });

  it('produce the reference inclusion and consistency proofs, which the independent verifier accepts', () => {
    const tree = treeOf(CT_DATA.map(leafHash));
    for (const [i, n, proof] of CT_INCLUSION) {
      expect(tree.inclusionProof(i, n).map(toHex), `leaf ${i} of ${n}`).toEqual(proof);
      expect(rfc.verifyInclusion(i, n, rfc.leaf(CT_DATA[i]!), proof.map(unhex), unhex(CT_ROOTS[n]!))).toBe(true);
    }
    for (const [m, n, proof] of CT_CONSISTENCY) {
      expect(tree.consistencyProof(m, n).map(toHex), `${m} → ${n}`).toEqual(proof);
      if (m < n) expect(rfc.verifyConsistency(m, n, unhex(CT_ROOTS[m]!), unhex(CT_ROOTS[n]!), proof.map(unhex))).toBe(true);
      expect(verifyConsistency(m, n, unhex(CT_ROOTS[m]!), unhex(CT_ROOTS[n]!), proof.map(unhex))).toBe(true);
    }
  });

  it('prove every leaf of every tree up to 70 leaves and every pair of sizes, exactly as the RFC’s PATH and PROOF do', () => {
    const all = leavesOf(70);
    const tree = treeOf(all);
    for (let n = 1; n <= all.length; n++) {
      const D = all.slice(0, n);
      const root = rfc.MTH(D);
      expect(hex(tree.root(n))).toBe(hex(root));
      for (let i = 0; i < n; i++) {
        const proof = tree.inclusionProof(i, n);
        expect(proof.map(hex)).toEqual(rfc.PATH(i, D).map(hex));
        expect(rfc.verifyInclusion(i, n, all[i]!, proof, root)).toBe(true);
        expect(verifyInclusion(i, n, all[i]!, proof, root)).toBe(true);
      }
      for (let m = 1; m < n; m++) {
        const proof = tree.consistencyProof(m, n);
        expect(proof.map(hex), `${m} → ${n}`).toEqual(rfc.PROOF(m, D).map(hex));
        expect(rfc.verifyConsistency(m, n, rfc.MTH(all.slice(0, m)), root, proof)).toBe(true);
        expect(verifyConsistency(m, n, rfc.MTH(all.slice(0, m)), root, proof)).toBe(true);
      }
    }
  });

  // (A proof for size n may also fit the path shape of another size: the signed checkpoint binds the size to the root.)
  it('refuse altered proofs, wrong positions, wrong sizes and unrelated roots, as the independent verifier does', () => {
    const all = leavesOf(23, 1);
    const tree = treeOf(all);
    const root = tree.root();
    for (const i of [0, 7, 8, 15, 22]) {
      const proof = tree.inclusionProof(i);
      const cases: [number, number, Uint8Array, Uint8Array[]][] = [
        ...proof.map((_, k) => [i, 23, all[i]!, proof.map((p, j) => (j === k ? flip(p) : p))] as [number, number, Uint8Array, Uint8Array[]]),
        [i, 23, flip(all[i]!), proof],
        [(i + 1) % 23, 23, all[i]!, proof],
        [i, 23, all[i]!, proof.slice(1)],
        [i, 23, all[i]!, [...proof, proof[0]!]],
        [23, 23, all[i]!, proof],
      ];
      for (const [ci, cn, cl, cp] of cases) {
        expect(verifyInclusion(ci, cn, cl, cp, root)).toBe(false);
        expect(rfc.verifyInclusion(ci, cn, cl, cp, root)).toBe(false);
      }
    }
    for (const m of [1, 4, 5, 16, 22]) {
      const proof = tree.consistencyProof(m);
      const old = tree.root(m);
      const cases: [number, Uint8Array, Uint8Array, Uint8Array[]][] = [
        ...proof.map((_, k) => [m, old, root, proof.map((p, j) => (j === k ? flip(p) : p))] as [number, Uint8Array, Uint8Array, Uint8Array[]]),
        [m, flip(old), root, proof],
        [m, old, flip(root), proof],
        [m, old, root, []],
        [m, old, root, [...proof, proof[0]!]],
        [m + 1, old, root, proof],
      ];
      for (const [cm, co, cr, cp] of cases) {
        expect(verifyConsistency(cm, 23, co, cr, cp), `${cm} → 23`).toBe(false);
        expect(rfc.verifyConsistency(cm, 23, co, cr, cp)).toBe(false);
      }
    }
    // Equal sizes prove nothing but equality; every tree extends the empty one.
    expect(verifyConsistency(23, 23, root, root, [])).toBe(true);
    expect(verifyConsistency(23, 23, root, flip(root), [])).toBe(false);
    expect(verifyConsistency(0, 23, EMPTY_ROOT, root, [])).toBe(true);
    expect(verifyConsistency(24, 23, root, root, [])).toBe(false);
  });

  it('agree with the independent verifier on random positions in trees of up to 3,000 leaves', () => {
    const all = leavesOf(3_000, 2);
    const tree = treeOf(all);
    const roots = new Map<number, Uint8Array>();
    const rootOf = (n: number) => roots.get(n) ?? roots.set(n, rfc.MTH(all.slice(0, n))).get(n)!;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 3_000 }), fc.nat(), fc.nat(), (n, a, b) => {
        const i = a % n;
        const m = 1 + (b % n);
        const proof = tree.inclusionProof(i, n);
        expect(proof).toHaveLength(inclusionRanges(i, n).length);
        expect(rfc.verifyInclusion(i, n, all[i]!, proof, rootOf(n))).toBe(true);
        if (m < n) expect(rfc.verifyConsistency(m, n, rootOf(m), rootOf(n), tree.consistencyProof(m, n))).toBe(true);
        else expect(consistencyRanges(m, n)).toEqual([]);
      }),
      { numRuns: 300, seed: 9162 },
    );
  });

  it('append through a compact range to the same roots as the whole tree', () => {
    const all = leavesOf(300, 3);
    const range = new CompactRange(0, []);
    all.forEach((l, i) => {
      range.append(l);
      expect(hex(range.root()), `size ${i + 1}`).toBe(hex(rfc.MTH(all.slice(0, i + 1))));
    });
    expect(range.nodes.map((n) => n.id.level)).toEqual([8, 5, 3, 2]); // 300 = 256 + 32 + 8 + 4
  });
});

describe('signed checkpoints', () => {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = new Uint8Array(Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url'));
  const signer = { name: 'ferrite.test/log', publicKey: raw, sign: (m: Uint8Array) => sign(null, m, privateKey) };
  const root = rfc.MTH(leavesOf(5));
  const note = signNote(checkpointText({ origin: 'ferrite.test/log', size: 5, root }), signer);

  it('are Go signed notes: three lines, a blank line, and an em-dash signature line with the 4-byte key hash', () => {
    const [text, sigLine] = note.split('\n\n');
    expect(text).toBe(`ferrite.test/log\n5\n${Buffer.from(root).toString('base64')}`);
    const m = /^— ferrite\.test\/log ([A-Za-z0-9+/=]+)\n$/.exec(sigLine!);
    expect(m).not.toBeNull();
    const blob = Buffer.from(m![1]!, 'base64');
    // The key hash, computed here as c2sp.org/signed-note defines it.
    const keyHash = createHash('sha256').update('ferrite.test/log\n').update(Buffer.from([1])).update(raw).digest().subarray(0, 4);
    expect(blob.subarray(0, 4).toString('hex')).toBe(keyHash.toString('hex'));
    expect(verify(null, Buffer.from(`${text}\n`), publicKey, blob.subarray(4))).toBe(true);
    expect(verifierKey('ferrite.test/log', raw)).toBe(`ferrite.test/log+${keyHash.toString('hex')}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`);
  });

  it('open only with the right key and unchanged text', () => {
    const v = parseVerifierKey(verifierKey('ferrite.test/log', raw));
    expect(parseCheckpointText(openNote(note, v))).toMatchObject({ origin: 'ferrite.test/log', size: 5 });
    expect(() => openNote(note.replace('\n5\n', '\n6\n'), v)).toThrow(NoteError);
    const other = generateKeyPairSync('ed25519').publicKey.export({ format: 'jwk' }).x!;
    expect(() => openNote(note, parseVerifierKey(verifierKey('ferrite.test/log', Buffer.from(other, 'base64url'))))).toThrow(/no signature by the key/);
    expect(() => parseVerifierKey('ferrite.test/log+00000000+' + Buffer.concat([Buffer.from([1]), raw]).toString('base64'))).toThrow(NoteError);
  });
});
