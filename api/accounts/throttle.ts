import { and, count, eq, gte, lt, max, ne } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { loginFailures } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';

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
  const account = username.toLowerCase();
  return { pair: `pair:${account}|${address}`, address: `address:${address}`, account: `account:${account}` };
};

const tooMany = (seconds: number) =>
  new AppError('rateLimited', { detail: `Too many failed sign-ins. Wait ${seconds >= 60 ? `${Math.ceil(seconds / 60)} minutes` : `${seconds} seconds`} and try again.`, headers: { 'retry-after': String(seconds) } });

/**
 * Records this attempt and refuses it, before the password is checked, when it is over a limit.
 * Returns the attempt's ids, to forget on success.
 */
export async function recordAttempt(db: DbOrTx, username: string, address: string, now: Date): Promise<number[]> {
  const k = keys(username, address);
  const rows = await db.insert(loginFailures).values([{ key: k.pair, at: now }, { key: k.address, at: now }, { key: k.account, at: now }]).returning({ id: loginFailures.id });
  const ids = rows.map((r) => r.id);
  const since = new Date(now.getTime() - WINDOW_MS);
  const n = async (key: string) => (await db.select({ n: count() }).from(loginFailures).where(and(eq(loginFailures.key, key), gte(loginFailures.at, since))))[0]!.n;
  if ((await n(k.pair)) > LIMITS.pair || (await n(k.address)) > LIMITS.address) throw tooMany(WINDOW_MS / 1000);
  if ((await n(k.account)) > LIMITS.account) {
    const [prev] = await db.select({ at: max(loginFailures.at) }).from(loginFailures).where(and(eq(loginFailures.key, k.account), ne(loginFailures.id, ids[2]!)));
    if (prev?.at && now.getTime() - new Date(prev.at).getTime() < SLOW_MS) throw tooMany(SLOW_MS / 1000);
  }
  return ids;
}

/** A successful sign-in is no failure: its attempt rows go, and old rows are swept. */
export async function forgetAttempt(db: DbOrTx, ids: number[], now: Date) {
  for (const id of ids) await db.delete(loginFailures).where(eq(loginFailures.id, id));
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MS)));
}
