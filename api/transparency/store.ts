import { and, asc, desc, eq, gt, gte, lt, type SQL, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { governanceLog, transparencyLeaves, transparencyNodes } from '../db/schema/index.js';
import {
  CompactRange, consistencyRanges, fromHex, type Hash, hashRange, inclusionRanges, leafHash, type NodeId, nodeKey, nodesFor, type Range, rangeNodes, toHex,
} from './merkle.js';

/**
 * The Merkle tree in the database: leaves (with the bytes they hash) and the hashes of complete
 * subtrees, both append-only (triggers refuse UPDATE, DELETE and TRUNCATE). Appends happen one
 * transaction at a time, so positions follow commit order; reads never wait.
 */

export type NewLeaf = { data: string; governanceLogId?: number; entryHash?: string };
export type StoredLeaf = { index: number; leafHash: string; data: string; entryHash: string | null };

const INSERT_BATCH = 1_000;

/** Held until the transaction ends: one appender at a time, hub-wide. */
export async function lockForAppend(tx: DbOrTx): Promise<void> {
  await tx.execute(sql`lock table ${transparencyLeaves} in exclusive mode`);
}

export async function treeSize(db: DbOrTx): Promise<number> {
  const [last] = await db.select({ idx: transparencyLeaves.idx }).from(transparencyLeaves).orderBy(desc(transparencyLeaves.idx)).limit(1);
  return last ? last.idx + 1 : 0;
}

/**
 * Node hashes, in one query; level 0 are the leaves' hashes. A node the tree should have and
 * lacks is damage done outside Ferrite, reported as such.
 */
export async function readNodes(db: DbOrTx, ids: NodeId[]): Promise<(id: NodeId) => Hash> {
  const found = new Map<string, Hash>();
  const leaves = ids.filter((i) => i.level === 0).map((i) => sql`${i.index}::bigint`);
  const upper = ids.filter((i) => i.level > 0).map((u) => sql`(${u.level}::smallint, ${u.index}::bigint)`);
  const parts = [
    ...(leaves.length ? [sql`select 0::smallint as level, ${transparencyLeaves.idx} as idx, ${transparencyLeaves.leafHash} as hash from ${transparencyLeaves} where ${transparencyLeaves.idx} in (${sql.join(leaves, sql`, `)})`] : []),
    ...(upper.length ? [sql`select ${transparencyNodes.level}, ${transparencyNodes.idx}, ${transparencyNodes.hash} from ${transparencyNodes} where (${transparencyNodes.level}, ${transparencyNodes.idx}) in (${sql.join(upper, sql`, `)})`] : []),
  ];
  if (parts.length) {
    const rows = await rowsOf<{ level: number | string; idx: number | string; hash: string }>(db, sql.join(parts, sql` union all `));
    for (const r of rows) found.set(nodeKey({ level: Number(r.level), index: Number(r.idx) }), fromHex(r.hash));
  }
  return (id) => {
    const h = found.get(nodeKey(id));
    if (!h) throw new Error(`the transparency log lacks node ${nodeKey(id)}: its tables were changed outside Ferrite`);
    return h;
  };
}

/** postgres.js answers raw SQL with an array, PGlite with `{ rows }`. */
async function rowsOf<T>(db: DbOrTx, query: SQL): Promise<T[]> {
  const res = (await db.execute(query)) as unknown as T[] | { rows: T[] };
  return Array.isArray(res) ? res : res.rows;
}

async function hashesOf(db: DbOrTx, ranges: readonly Range[]): Promise<Hash[]> {
  const get = await readNodes(db, nodesFor(ranges));
  return ranges.map(([lo, hi]) => hashRange(lo, hi, get));
}

/** MTH of the first `size` leaves. */
export async function rootAt(db: DbOrTx, size: number): Promise<Hash> {
  return hashRange(0, size, await readNodes(db, rangeNodes(0, size)));
}

export const inclusionProof = (db: DbOrTx, index: number, size: number) => hashesOf(db, inclusionRanges(index, size));
export const consistencyProof = (db: DbOrTx, from: number, to: number) => hashesOf(db, consistencyRanges(from, to));

/**
 * Appends leaves after the last one; the caller holds `lockForAppend`. Each leaf writes its hash
 * and the subtrees it completes (two on average). Returns the first new leaf's index.
 */
export async function appendLeaves(tx: DbOrTx, items: NewLeaf[], knownSize?: number): Promise<number> {
  const size = knownSize ?? (await treeSize(tx));
  if (!items.length) return size;
  const ids = CompactRange.ids(size);
  const get = await readNodes(tx, ids);
  const range = new CompactRange(size, ids.map((id) => ({ id, hash: get(id) })));
  const leafRows: (typeof transparencyLeaves.$inferInsert)[] = [];
  const nodeRows: (typeof transparencyNodes.$inferInsert)[] = [];
  for (const item of items) {
    const idx = range.size;
    const created = range.append(leafHash(Buffer.from(item.data, 'utf8')));
    leafRows.push({ idx, leafHash: toHex(created[0]!.hash), data: item.data, governanceLogId: item.governanceLogId ?? null, entryHash: item.entryHash ?? null });
    for (const n of created.slice(1)) nodeRows.push({ level: n.id.level, idx: n.id.index, hash: toHex(n.hash) });
  }
  for (let i = 0; i < leafRows.length; i += INSERT_BATCH) await tx.insert(transparencyLeaves).values(leafRows.slice(i, i + INSERT_BATCH));
  for (let i = 0; i < nodeRows.length; i += INSERT_BATCH) await tx.insert(transparencyNodes).values(nodeRows.slice(i, i + INSERT_BATCH));
  return size;
}

const leafColumns = { index: transparencyLeaves.idx, leafHash: transparencyLeaves.leafHash, data: transparencyLeaves.data, entryHash: transparencyLeaves.entryHash };

/** Leaves [start, end), in order. */
export function readLeaves(db: DbOrTx, start: number, end: number): Promise<StoredLeaf[]> {
  return db.select(leafColumns).from(transparencyLeaves).where(and(gte(transparencyLeaves.idx, start), lt(transparencyLeaves.idx, end))).orderBy(asc(transparencyLeaves.idx));
}

/** The leaf recording a governance entry (by its chain hash, a voter's receipt) or with this leaf hash. */
export async function findLeaf(db: DbOrTx, hash: string): Promise<StoredLeaf | undefined> {
  const [byEntry] = await db.select(leafColumns).from(transparencyLeaves).where(eq(transparencyLeaves.entryHash, hash)).orderBy(asc(transparencyLeaves.idx)).limit(1);
  if (byEntry) return byEntry;
  const [byLeaf] = await db.select(leafColumns).from(transparencyLeaves).where(eq(transparencyLeaves.leafHash, hash)).orderBy(asc(transparencyLeaves.idx)).limit(1);
  return byLeaf;
}

/**
 * Governance log entries not yet in the tree, oldest first (ids follow commit order: appends take
 * the tree's lock before the entry gets its id), with the tree's size, in one query.
 */
export async function uncoveredGovernanceEntries(tx: DbOrTx, limit: number) {
  const covered = sql`(select coalesce(max(${transparencyLeaves.governanceLogId}), 0) from ${transparencyLeaves})`;
  const rows = await tx
    .select({ entry: governanceLog, size: sql<number>`(select coalesce(max(${transparencyLeaves.idx}) + 1, 0) from ${transparencyLeaves})`.mapWith(Number) })
    .from(governanceLog)
    .where(gt(governanceLog.id, covered))
    .orderBy(asc(governanceLog.id))
    .limit(limit);
  return { size: rows[0]?.size ?? 0, entries: rows.map((r) => r.entry) };
}
