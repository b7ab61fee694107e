import { and, count, gte, inArray, lt, max, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { loginFailures } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { usernameKey } from './users.js';

/**
 * Sign-in throttling. Every attempt is recorded *before* the password is checked and then counted,
 * so parallel guesses cannot all slip under the limit: the attempt committed r-th sees at least r
 * rows. A successful attempt is removed again; only failures stay.
 *
 * - per (account, address): 5 attempts in 15 minutes, then that address waits. A guesser elsewhere
 *   cannot lock the real user out from their own address.
 * - per address: 30 attempts over any accounts (one machine spraying many names).
 * - per account, from everywhere: past 50 attempts the account is slowed, not locked: one attempt per
 *   SLOW_MS across all addresses, so a botnet gets a handful of guesses a minute and the owner gets in.
 */
const WINDOW_MS = 15 * 60 * 1000;
const SLOW_MS = 10 * 1000;
const LIMITS = { pair: 5, address: 30, account: 50 };

const keys = (username: string, address: string) => {
  const account = usernameKey(username);
  return { pair: `pair:${account}|${address}`, address: `address:${address}`, account: `account:${account}` };
};

const tooMany = (seconds: number) =>
  new AppError('rateLimited', { detail: `Too many failed sign-ins. Wait ${seconds >= 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`} and try again.`, headers: { 'retry-after': String(seconds) } });

/**
 * Records this attempt and refuses it, before the password is checked, when it is over a limit.
 * Returns the attempt's ids, to forget on success. Rows older than the window are swept here.
 */
export async function recordAttempt(db: DbOrTx, username: string, address: string, now: Date): Promise<number[]> {
  const k = keys(username, address);
  const rows = await db.insert(loginFailures).values([{ key: k.pair, at: now }, { key: k.address, at: now }, { key: k.account, at: now }]).returning({ id: loginFailures.id });
  const ids = rows.map((r) => r.id);
  const since = new Date(now.getTime() - WINDOW_MS);
  await db.delete(loginFailures).where(lt(loginFailures.at, since));
  // One pass over the three keys: attempts in the window, and the latest before this one (for the slowdown).
  const counts = await db
    .select({ key: loginFailures.key, n: count(), before: max(sql<Date>`case when ${loginFailures.id} <> ${ids[2]!} then ${loginFailures.at} end`) })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [k.pair, k.address, k.account]), gte(loginFailures.at, since)))
    .groupBy(loginFailures.key);
  const of = (key: string) => counts.find((r) => r.key === key);
  if ((of(k.pair)?.n ?? 0) > LIMITS.pair || (of(k.address)?.n ?? 0) > LIMITS.address) throw tooMany(WINDOW_MS / 1000);
  const account = of(k.account);
  if (account && account.n > LIMITS.account && account.before && now.getTime() - new Date(account.before).getTime() < SLOW_MS) throw tooMany(SLOW_MS / 1000);
  return ids;
}

/** A successful sign-in is no failure: its attempt rows go. */
export async function forgetAttempt(db: DbOrTx, ids: number[]) {
  await db.delete(loginFailures).where(inArray(loginFailures.id, ids));
}
