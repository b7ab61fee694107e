import { and, count, gte, inArray, lt } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { loginFailures } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';

/** Failed sign-ins tolerated per window: few per account (guessing one password), more per address (shared NATs). */
const WINDOW_MS = 15 * 60 * 1000;
const LIMITS = { account: 5, address: 30 };

const keys = (username: string, address: string) => ({ account: `account:${username.toLowerCase()}`, address: `address:${address}` });

/** Refuses a sign-in attempt before checking the password when either key has failed too often lately. */
export async function assertNotThrottled(db: DbOrTx, username: string, address: string, now: Date) {
  const k = keys(username, address);
  const since = new Date(now.getTime() - WINDOW_MS);
  const rows = await db
    .select({ key: loginFailures.key, n: count() })
    .from(loginFailures)
    .where(and(inArray(loginFailures.key, [k.account, k.address]), gte(loginFailures.at, since)))
    .groupBy(loginFailures.key);
  const n = (key: string) => rows.find((r) => r.key === key)?.n ?? 0;
  if (n(k.account) >= LIMITS.account || n(k.address) >= LIMITS.address) {
    throw new AppError('rateLimited', { detail: 'Too many failed sign-ins. Wait 15 minutes and try again.', headers: { 'retry-after': String(WINDOW_MS / 1000) } });
  }
}

export async function recordFailure(db: DbOrTx, username: string, address: string, now: Date) {
  const k = keys(username, address);
  await db.insert(loginFailures).values([{ key: k.account, at: now }, { key: k.address, at: now }]);
  await db.delete(loginFailures).where(lt(loginFailures.at, new Date(now.getTime() - WINDOW_MS)));
}
