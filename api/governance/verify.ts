import { type LogEntry, verifyChain } from './log.js';
import { RecountError, recount, replay, sameResult } from './replay.js';

export type Verification = {
  chain: { ok: boolean; seq?: number; reason?: string };
  result: 'matches' | 'differs' | 'not closed' | 'cannot recount';
  published?: Record<string, unknown>;
  recounted?: Record<string, unknown>;
  detail?: string;
};

/**
 * Checks a proposal's public log on its own: every hash, then the published result against a
 * recount of the logged ballots (secret ones opened by their revealed salts).
 */
export function verifyLog(entries: LogEntry[]): Verification {
  const chain = verifyChain(entries);
  const r = replay(entries);
  if (!r.closed) return { chain, result: 'not closed' };
  const closedEntry = entries.find((e) => e.event.type === 'closed')!;
  try {
    const outcome = recount(r, closedEntry.at);
    const recounted = { status: outcome.status, result: outcome.result };
    const published = { status: r.closed.status, result: r.closed.result };
    return { chain, result: sameResult(recounted, published) ? 'matches' : 'differs', published, recounted };
  } catch (err) {
    if (!(err instanceof RecountError)) throw err;
    return { chain, result: 'cannot recount', detail: err.message };
  }
}
