import { createHash } from 'node:crypto';

/**
 * RFC 9162 Merkle trees over SHA-256, the shape Certificate Transparency and Go's checksum
 * database use: pure code, no storage, so the hub, `ferrite verify` and the bench share it.
 *
 * Stored nodes are the complete ("perfect") subtrees: node (level, index) covers leaves
 * [index·2^level, (index+1)·2^level). Every subtree RFC 9162's recursion visits in a tree that
 * starts at leaf 0 is a run of such nodes, so any root or proof is built from O(log n) of them.
 * Sizes and indexes are plain numbers (exact to 2^53); no 32-bit bit operations are used.
 */
export type Hash = Uint8Array;
export type NodeId = { level: number; index: number };
export type StoredNode = { id: NodeId; hash: Hash };
/** Leaves [lo, hi). */
export type Range = readonly [lo: number, hi: number];

const LEAF_PREFIX = Uint8Array.of(0x00);
const NODE_PREFIX = Uint8Array.of(0x01);

function sha256(...parts: Uint8Array[]): Hash {
  const h = createHash('sha256');
  for (const p of parts) h.update(p);
  return h.digest();
}

/** RFC 9162 §2.1.1: MTH({d}) = SHA-256(0x00 || d). */
export const leafHash = (data: Uint8Array): Hash => sha256(LEAF_PREFIX, data);
/** RFC 9162 §2.1.1: an interior node is SHA-256(0x01 || left || right). */
export const nodeHash = (left: Hash, right: Hash): Hash => sha256(NODE_PREFIX, left, right);
/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT: Hash = sha256();

export const toHex = (h: Uint8Array) => Buffer.from(h).toString('hex');
export const fromHex = (s: string): Hash => Buffer.from(s, 'hex');
export const sameHash = (a: Uint8Array, b: Uint8Array) => a.length === b.length && Buffer.compare(a, b) === 0;
export const nodeKey = (id: NodeId) => `${id.level}/${id.index}`;

/** The largest power of two smaller than n (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The stored nodes whose hashes make up MTH(D[lo:hi]), left to right. In RFC 9162's recursion
 * lo is always a multiple of the split, so each node is the largest aligned one that fits.
 */
export function rangeNodes(lo: number, hi: number): NodeId[] {
  const out: NodeId[] = [];
  while (lo < hi) {
    let size = 1;
    let level = 0;
    while (size * 2 <= hi - lo && lo % (size * 2) === 0) {
      size *= 2;
      level++;
    }
    out.push({ level, index: lo / size });
    lo += size;
  }
  return out;
}

/** MTH(D[lo:hi]) from stored nodes: the right-hand runs fold into their left neighbours. */
export function hashRange(lo: number, hi: number, get: (id: NodeId) => Hash): Hash {
  if (lo === hi) return EMPTY_ROOT;
  const nodes = rangeNodes(lo, hi);
  let h = get(nodes[nodes.length - 1]!);
  for (let i = nodes.length - 2; i >= 0; i--) h = nodeHash(get(nodes[i]!), h);
  return h;
}

/**
 * RFC 9162 §2.1.3.1, PATH(m, D[n]): the subtrees whose hashes prove leaf m is in a tree of n
 * leaves, from the leaf's sibling up to the root's other child.
 */
export function inclusionRanges(index: number, size: number): Range[] {
  if (!(index >= 0 && index < size)) throw new RangeError(`leaf ${index} is not in a tree of ${size}`);
  const path: Range[] = [];
  let lo = 0;
  let hi = size;
  while (hi - lo > 1) {
    const k = splitPoint(hi - lo);
    if (index < lo + k) {
      path.push([lo + k, hi]);
      hi = lo + k;
    } else {
      path.push([lo, lo + k]);
      lo += k;
    }
  }
  return path.reverse();
}

/**
 * RFC 9162 §2.1.4.1, PROOF(m, D[n]) = SUBPROOF(m, D[n], true): the subtrees that prove the tree
 * of m leaves is a prefix of the tree of n leaves. Empty when m = n (or m = 0).
 */
export function consistencyRanges(m: number, n: number): Range[] {
  if (!(m >= 0 && m <= n)) throw new RangeError(`a tree of ${m} is not a prefix of a tree of ${n}`);
  if (m === 0 || m === n) return [];
  const proof: Range[] = [];
  let lo = 0;
  let hi = n;
  let rest = m;
  let whole = true;
  for (;;) {
    if (rest === hi - lo) {
      if (!whole) proof.push([lo, hi]);
      break;
    }
    const k = splitPoint(hi - lo);
    if (rest <= k) {
      proof.push([lo + k, hi]);
      hi = lo + k;
    } else {
      proof.push([lo, lo + k]);
      lo += k;
      rest -= k;
      whole = false;
    }
  }
  return proof.reverse();
}

/** Every stored node the given subtrees need, once each. */
export function nodesFor(ranges: readonly Range[]): NodeId[] {
  const seen = new Map<string, NodeId>();
  for (const [lo, hi] of ranges) for (const id of rangeNodes(lo, hi)) seen.set(nodeKey(id), id);
  return [...seen.values()];
}

/**
 * The perfect subtrees of a tree of `size` leaves (its "compact range"), as appending needs them:
 * a new leaf merges with the rightmost ones of equal level.
 */
export class CompactRange {
  constructor(public size: number, public nodes: StoredNode[]) {}

  static ids(size: number): NodeId[] {
    return rangeNodes(0, size);
  }

  /** Appends one leaf hash; returns every node it completes (the leaf itself first). */
  append(leaf: Hash): StoredNode[] {
    let node: StoredNode = { id: { level: 0, index: this.size }, hash: leaf };
    const created = [node];
    for (let last = this.nodes.at(-1); last && last.id.level === node.id.level; last = this.nodes.at(-1)) {
      this.nodes.pop();
      node = { id: { level: node.id.level + 1, index: last.id.index / 2 }, hash: nodeHash(last.hash, node.hash) };
      created.push(node);
    }
    this.nodes.push(node);
    this.size++;
    return created;
  }

  root(): Hash {
    if (this.nodes.length === 0) return EMPTY_ROOT;
    let h = this.nodes[this.nodes.length - 1]!.hash;
    for (let i = this.nodes.length - 2; i >= 0; i--) h = nodeHash(this.nodes[i]!.hash, h);
    return h;
  }
}

/** A whole tree in memory: for `ferrite verify` (rebuilt from downloaded entries), tests and the bench. */
export class MemoryTree {
  private levels: Hash[][] = [[]];
  private range = new CompactRange(0, []);

  get size() {
    return this.range.size;
  }

  append(leaf: Hash) {
    for (const n of this.range.append(leaf)) (this.levels[n.id.level] ??= [])[n.id.index] = n.hash;
  }

  readonly get = (id: NodeId): Hash => {
    const h = this.levels[id.level]?.[id.index];
    if (!h) throw new RangeError(`no node ${nodeKey(id)} in a tree of ${this.size}`);
    return h;
  };

  root(size = this.size): Hash {
    return size === this.size ? this.range.root() : hashRange(0, size, this.get);
  }

  leaf(index: number): Hash {
    return this.get({ level: 0, index });
  }

  inclusionProof(index: number, size = this.size): Hash[] {
    return inclusionRanges(index, this.checked(size)).map(([lo, hi]) => hashRange(lo, hi, this.get));
  }

  consistencyProof(m: number, n = this.size): Hash[] {
    return consistencyRanges(m, this.checked(n)).map(([lo, hi]) => hashRange(lo, hi, this.get));
  }

  private checked(size: number) {
    if (size > this.size) throw new RangeError(`the tree has ${this.size} leaves, not ${size}`);
    return size;
  }
}

const odd = (x: number) => x % 2 === 1;
const half = (x: number) => Math.floor(x / 2);

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to, or null when the proof cannot be one. */
export function rootFromInclusionProof(index: number, size: number, leaf: Hash, proof: readonly Hash[]): Hash | null {
  if (!(index >= 0 && index < size)) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return null;
    if (odd(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 ? r : null;
}

export function verifyInclusion(index: number, size: number, leaf: Hash, proof: readonly Hash[], root: Hash): boolean {
  const r = rootFromInclusionProof(index, size, leaf, proof);
  return r !== null && sameHash(r, root);
}

/**
 * RFC 9162 §2.1.4.2: whether `proof` shows the tree of m leaves with root `oldRoot` is a prefix of
 * the tree of n leaves with root `newRoot`. Equal sizes need equal roots and no proof; every tree
 * extends the empty one.
 */
export function verifyConsistency(m: number, n: number, oldRoot: Hash, newRoot: Hash, proof: readonly Hash[]): boolean {
  if (!(m >= 0 && m <= n)) return false;
  if (m === n) return proof.length === 0 && sameHash(oldRoot, newRoot);
  if (m === 0) return proof.length === 0;
  if (proof.length === 0) return false;
  const path = isPowerOfTwo(m) ? [oldRoot, ...proof] : [...proof];
  let fn = m - 1;
  let sn = n - 1;
  while (odd(fn)) {
    fn = half(fn);
    sn = half(sn);
  }
  let fr = path[0]!;
  let sr = path[0]!;
  for (const c of path.slice(1)) {
    if (sn === 0) return false;
    if (odd(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!odd(fn) && fn !== 0) {
        fn = half(fn);
        sn = half(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = half(fn);
    sn = half(sn);
  }
  return sn === 0 && sameHash(fr, oldRoot) && sameHash(sr, newRoot);
}

export function isPowerOfTwo(n: number): boolean {
  if (n < 1) return false;
  while (n > 1) {
    if (odd(n)) return false;
    n /= 2;
  }
  return true;
}
