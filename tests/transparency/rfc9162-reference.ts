import { createHash, createPublicKey, verify } from 'node:crypto';

/**
 * An independent RFC 9162 implementation, written here from the RFC's text (§2.1.1 MTH, §2.1.3.1
 * PATH, §2.1.4.1 PROOF/SUBPROOF, §2.1.3.2 and §2.1.4.2 verification) and sharing no code with
 * api/transparency: the production proofs must match it and verify with it. Tree positions are
 * bigints here, so a 32-bit slip on either side shows.
 */
export const rfc = (() => {
  const H = (...parts: Uint8Array[]) => {
    const h = createHash('sha256');
    parts.forEach((p) => h.update(p));
    return new Uint8Array(h.digest());
  };
  const leaf = (d: Uint8Array) => H(new Uint8Array([0]), d);
  const node = (l: Uint8Array, r: Uint8Array) => H(new Uint8Array([1]), l, r);
  const k = (n: number) => 2 ** Math.ceil(Math.log2(n) - 1); // largest power of two < n, n > 1
  /** MTH over leaf hashes D (already SHA-256(0x00 || d)). */
  const MTH = (D: Uint8Array[]): Uint8Array => (D.length === 0 ? H() : D.length === 1 ? D[0]! : node(MTH(D.slice(0, k(D.length))), MTH(D.slice(k(D.length)))));
  const PATH = (m: number, D: Uint8Array[]): Uint8Array[] => {
    if (D.length <= 1) return [];
    const s = k(D.length);
    return m < s ? [...PATH(m, D.slice(0, s)), MTH(D.slice(s))] : [...PATH(m - s, D.slice(s)), MTH(D.slice(0, s))];
  };
  const SUBPROOF = (m: number, D: Uint8Array[], b: boolean): Uint8Array[] => {
    const n = D.length;
    if (m === n) return b ? [] : [MTH(D)];
    const s = k(n);
    return m <= s ? [...SUBPROOF(m, D.slice(0, s), b), MTH(D.slice(s))] : [...SUBPROOF(m - s, D.slice(s), false), MTH(D.slice(0, s))];
  };
  const PROOF = (m: number, D: Uint8Array[]) => SUBPROOF(m, D, true);
  const eq = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);
  const lsb = (x: bigint) => (x & 1n) === 1n;

  function verifyInclusionRfc(leafIndex: number, treeSize: number, hash: Uint8Array, path: Uint8Array[], rootHash: Uint8Array) {
    if (leafIndex >= treeSize) return false;
    let fn = BigInt(leafIndex);
    let sn = BigInt(treeSize - 1);
    let r = hash;
    for (const p of path) {
      if (sn === 0n) return false;
      if (lsb(fn) || fn === sn) {
        r = node(p, r);
        if (!lsb(fn)) while (!(lsb(fn) || fn === 0n)) [fn, sn] = [fn >> 1n, sn >> 1n];
      } else {
        r = node(r, p);
      }
      [fn, sn] = [fn >> 1n, sn >> 1n];
    }
    return sn === 0n && eq(r, rootHash);
  }

  function verifyConsistencyRfc(first: number, second: number, firstHash: Uint8Array, secondHash: Uint8Array, consistencyPath: Uint8Array[]) {
    if (consistencyPath.length === 0) return false;
    const path = Number.isInteger(Math.log2(first)) ? [firstHash, ...consistencyPath] : [...consistencyPath];
    let fn = BigInt(first - 1);
    let sn = BigInt(second - 1);
    if (lsb(fn)) while (lsb(fn)) [fn, sn] = [fn >> 1n, sn >> 1n];
    let fr = path[0]!;
    let sr = path[0]!;
    for (const c of path.slice(1)) {
      if (sn === 0n) return false;
      if (lsb(fn) || fn === sn) {
        fr = node(c, fr);
        sr = node(c, sr);
        if (!lsb(fn)) while (!(lsb(fn) || fn === 0n)) [fn, sn] = [fn >> 1n, sn >> 1n];
      } else {
        sr = node(sr, c);
      }
      [fn, sn] = [fn >> 1n, sn >> 1n];
    }
    return eq(fr, firstHash) && eq(sr, secondHash) && sn === 0n;
  }
  return { leaf, MTH, PATH, PROOF, verifyInclusion: verifyInclusionRfc, verifyConsistency: verifyConsistencyRfc };
})();

/**
 * Opens a checkpoint note as c2sp.org/signed-note and tlog-checkpoint define it, independently of
 * api/transparency/note.ts: the signed text, the em-dash line, key hash and Ed25519 signature.
 */
export function openCheckpointNote(note: string, name: string, publicKey: Uint8Array) {
  const [text, sigs] = note.split('\n\n') as [string, string];
  const line = sigs.split('\n').find((l) => l.startsWith(`— ${name} `));
  if (!line) throw new Error('no signature line for the key');
  const blob = Buffer.from(line.slice(`— ${name} `.length), 'base64');
  const keyHash = createHash('sha256').update(`${name}\n`).update(Buffer.from([1])).update(publicKey).digest().subarray(0, 4);
  if (!blob.subarray(0, 4).equals(keyHash)) throw new Error('the signature names another key');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(publicKey).toString('base64url') }, format: 'jwk' });
  if (!verify(null, Buffer.from(`${text}\n`), key, blob.subarray(4))) throw new Error('bad signature');
  const [origin, size, root] = text.split('\n') as [string, string, string];
  return { origin, size: Number(size), root: new Uint8Array(Buffer.from(root, 'base64')) };
}
