import type { z } from '@hono/zod-openapi';
import { createPublicKey } from 'node:crypto';
import type { Database } from '../db/client.js';
import { AppError } from '../lib/problems.js';
import type { Checkpoint, ConsistencyProof, EntriesPage, PublicKey, Receipt } from './contracts.js';
import { DEFAULT_PAGE, MAX_ENTRIES_PAGE } from './contracts.js';
import { toHex } from './merkle.js';
import { checkpointText, signNote, verifierKey } from './note.js';
import { logKey, noteSigner } from './signer.js';
import { consistencyProof, findLeaf, inclusionProof, readLeaves, rootAt, treeSize } from './store.js';

/**
 * The transparency log's reads: signed checkpoints, entries and proofs. Nodes of a tree of size
 * n never change as it grows, so reading the size first and the nodes after is always coherent.
 */

/** The log's name in checkpoints and on its key: the hub's host and the log's path. */
export const logOrigin = (publicUrl: string) => `${new URL(publicUrl).host}/log`;

const badRange = (path: string, message: string) => new AppError('invalidRequest', { detail: message, errors: [{ path, message }] });

async function sign(database: Database, publicUrl: string, size: number): Promise<z.infer<typeof Checkpoint>> {
  const root = await rootAt(database.db, size);
  const origin = logOrigin(publicUrl);
  const key = await logKey(database);
  return { origin, treeSize: size, rootHash: toHex(root), note: signNote(checkpointText({ origin, size, root }), noteSigner(key, origin)), verifierKey: verifierKey(origin, key.publicKey) };
}

/** The current tree head, signed (Ed25519 is deterministic: the same head always signs the same). */
export async function currentCheckpoint(database: Database, publicUrl: string) {
  return sign(database, publicUrl, await treeSize(database.db));
}

export async function publicKeyOf(database: Database, publicUrl: string): Promise<z.infer<typeof PublicKey>> {
  const key = await logKey(database);
  const origin = logOrigin(publicUrl);
  return {
    origin,
    algorithm: 'Ed25519',
    verifierKey: verifierKey(origin, key.publicKey),
    publicKey: Buffer.from(key.publicKey).toString('base64'),
    publicKeyPem: createPublicKey(key.privateKey).export({ format: 'pem', type: 'spki' }) as string,
  };
}

export async function entries(database: Database, q: { start: number; end?: number }): Promise<z.infer<typeof EntriesPage>> {
  const size = await treeSize(database.db);
  if (q.start > size) throw badRange('start', `the log has ${size} entries; start must be at most ${size}`);
  if (q.end !== undefined && (q.end <= q.start || q.end > size || q.end - q.start > MAX_ENTRIES_PAGE)) {
    throw badRange('end', `end must be after start, at most the tree size (${size}) and at most ${MAX_ENTRIES_PAGE} after start`);
  }
  const end = q.end ?? Math.min(size, q.start + DEFAULT_PAGE);
  const items = end > q.start ? await readLeaves(database.db, q.start, end) : [];
  return { treeSize: size, items, nextCursor: end < size ? String(end) : null };
}

/**
 * A receipt: the entry, its inclusion proof and the signed checkpoint of the tree it is proven
 * in (the current one unless an older size is asked for).
 */
export async function receipt(database: Database, publicUrl: string, by: { index?: number; hash?: string }, size?: number): Promise<z.infer<typeof Receipt>> {
  const current = await treeSize(database.db);
  const n = size ?? current;
  if (n > current) throw badRange('size', `the log has ${current} entries; size must be at most ${current}`);
  let leaf;
  if (by.hash !== undefined) {
    leaf = await findLeaf(database.db, by.hash);
    if (!leaf || leaf.index >= current) throw new AppError('notFound', { detail: 'No entry of the log has this hash.' });
  } else if (by.index !== undefined) {
    if (by.index >= current) throw badRange('index', `the log has ${current} entries; index must be below ${current}`);
    [leaf] = await readLeaves(database.db, by.index, by.index + 1);
  } else {
    throw badRange('index', 'give the leaf\'s index or an entry hash');
  }
  if (leaf!.index >= n) throw badRange('size', `leaf ${leaf!.index} is not in a tree of ${n}; size must be above it`);
  const signed = n === current ? await sign(database, publicUrl, n) : null;
  const key = await logKey(database);
  return {
    receipt: leaf!.entryHash,
    leafIndex: leaf!.index,
    leafHash: leaf!.leafHash,
    entry: leaf!.data,
    treeSize: n,
    inclusionProof: (await inclusionProof(database.db, leaf!.index, n)).map(toHex),
    checkpoint: signed?.note ?? null,
    verifierKey: verifierKey(logOrigin(publicUrl), key.publicKey),
  };
}

export async function consistency(database: Database, publicUrl: string, q: { from: number; to?: number }): Promise<z.infer<typeof ConsistencyProof>> {
  const current = await treeSize(database.db);
  const to = q.to ?? current;
  if (to > current) throw badRange('to', `the log has ${current} entries; to must be at most ${current}`);
  if (q.from > to) throw badRange('from', `from (${q.from}) must be at most to (${to}): a log only grows`);
  return {
    from: q.from,
    to,
    proof: (await consistencyProof(database.db, q.from, to)).map(toHex),
    checkpoint: to === current ? (await sign(database, publicUrl, to)).note : null,
  };
}
