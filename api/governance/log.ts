import { sha256 } from '@oslojs/crypto/sha2';
import { encodeHexLowerCase } from '@oslojs/encoding';
import { desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { governanceLog } from '../db/schema/index.js';

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
 * Appends one event to a proposal's chain. The caller holds the proposal's row lock, so entries
 * of one proposal are appended one at a time, in order.
 */
export async function appendEvent(tx: DbOrTx, proposalId: number, at: Date, event: Record<string, unknown>): Promise<string> {
  const [last] = await tx.select({ seq: governanceLog.seq, hash: governanceLog.hash }).from(governanceLog).where(eq(governanceLog.proposalId, proposalId)).orderBy(desc(governanceLog.seq)).limit(1);
  const entry = { seq: (last?.seq ?? 0) + 1, at: at.toISOString(), event, prevHash: last?.hash ?? GENESIS };
  const hash = entryHash(entry);
  await tx.insert(governanceLog).values({ proposalId, seq: entry.seq, at, event, prevHash: entry.prevHash, hash });
  return hash;
}

export async function readLog(db: DbOrTx, proposalId: number): Promise<LogEntry[]> {
  const rows = await db.select().from(governanceLog).where(eq(governanceLog.proposalId, proposalId)).orderBy(governanceLog.seq);
  return rows.map((r) => ({ seq: r.seq, at: r.at.toISOString(), event: r.event, prevHash: r.prevHash, hash: r.hash }));
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
