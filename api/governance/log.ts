import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { desc, eq } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { governanceLog } from '../db/schema/index.js';
import { appendLeaves, lockForAppend, uncoveredGovernanceEntries } from '../transparency/store.js';

export const GENESIS = '0'.repeat(64);

/** JSON with object keys sorted at every level: the same event always hashes the same. */
export function canonicalJson(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object).sort().filter((k) => (v as Record<string, unknown>)[k] !== undefined).map((k) => `${JSON.stringify(k)}:${canonicalJson((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

const hex = (s: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(s)));

export type LogEntry = { seq: number; at: string; event: Record<string, unknown>; prevHash: string; hash: string };

/** An entry's hash: over its position, time, event and the previous entry's hash. */
export const entryHash = (e: Omit<LogEntry, 'hash'>) => hex(canonicalJson({ seq: e.seq, at: e.at, event: e.event, prev: e.prevHash }));

/** What a secret ballot publishes while the vote is open: a commitment that the revealed choice and salt must match. */
export const commitment = (choice: unknown, salt: string) => hex(`${canonicalJson(choice)}|${salt}`);

/**
 * Appends one event to a proposal's chain and, in the same transaction, to the transparency log's
 * Merkle tree. The caller holds the proposal's row lock, so entries of one proposal are appended
 * one at a time, in order; the tree's lock, taken before the entry gets its id, puts entries of
 * all proposals in the tree in commit order.
 */
export async function appendEvent(tx: DbOrTx, proposalId: number, at: Date, event: Record<string, unknown>): Promise<string> {
  await lockForAppend(tx);
  const hash = await appendChainEntry(tx, proposalId, at, event);
  await recordLeaves(tx);
  return hash;
}

/** The hash chain alone (the bench compares it with the whole append). */
export async function appendChainEntry(tx: DbOrTx, proposalId: number, at: Date, event: Record<string, unknown>): Promise<string> {
  const [last] = await tx.select({ seq: governanceLog.seq, hash: governanceLog.hash }).from(governanceLog).where(eq(governanceLog.proposalId, proposalId)).orderBy(desc(governanceLog.seq)).limit(1);
  const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), event, prevHash: last?.hash ?? GENESIS };
  const hash = entryHash(entry);
  await tx.insert(governanceLog).values({ proposalId, seq: entry.seq, at, event, prevHash: entry.prevHash, hash });
  return hash;
}

const toEntry = (r: typeof governanceLog.$inferSelect): LogEntry => ({ seq: r.seq, at: r.at.toISOString(), event: r.event, prevHash: r.prevHash, hash: r.hash });

export async function readLog(db: DbOrTx, proposalId: number): Promise<LogEntry[]> {
  const rows = await db.select().from(governanceLog).where(eq(governanceLog.proposalId, proposalId)).orderBy(governanceLog.seq);
  return rows.map(toEntry);
}

/**
 * The bytes a governance entry's leaf hashes: the entry and its proposal in canonical JSON. The
 * chain hash covers no proposal id, so the leaf binds the entry to its proposal.
 */
export const leafData = (proposalId: number, e: LogEntry) =>
  canonicalJson({ log: 'governance', proposal: proposalId, seq: e.seq, at: e.at, event: e.event, prevHash: e.prevHash, hash: e.hash });

/** Leaves for every governance entry not yet in the tree, oldest first; the caller holds the tree's lock. */
async function recordLeaves(tx: DbOrTx): Promise<number> {
  let added = 0;
  for (;;) {
    const { size, entries } = await uncoveredGovernanceEntries(tx, 1_000);
    if (!entries.length) return added;
    await appendLeaves(tx, entries.map((r) => ({ data: leafData(r.proposalId, toEntry(r)), governanceLogId: r.id, entryHash: r.hash })), size);
    added += entries.length;
  }
}

/** At start: entries logged before the transparency log existed (or by an older version) become leaves. */
export function coverGovernanceLog(database: Database): Promise<number> {
  return database.db.transaction(async (tx) => {
    await lockForAppend(tx);
    return recordLeaves(tx);
  });
}

/** Recomputes the chain; the first entry that does not follow from the one before is reported. */
export function verifyChain(entries: LogEntry[]): { ok: true } | { ok: false; seq: number; reason: string } {
  let prev = GENESIS;
  for (const [i, e] of entries.entries()) {
    if (e.seq !== i + 1) return { ok: false, seq: e.seq, reason: `expected entry ${i + 1}, found ${e.seq}` };
    if (e.prevHash !== prev) return { ok: false, seq: e.seq, reason: 'does not link to the entry before it' };
    if (entryHash(e) !== e.hash) return { ok: false, seq: e.seq, reason: 'its content does not match its hash' };
    prev = e.hash;
  }
  return { ok: true };
}
