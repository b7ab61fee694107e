import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { users } from '../db/schema/index.js';

/** Usernames are unique without regard to case: `Alice` and `alice` are one account. Every lookup and insert keys by this. */
export const usernameKey = (username: string) => username.toLowerCase();

/** The account with this username (any case), or undefined; the caller says what a missing account means to it. */
export async function findUserByUsername(db: DbOrTx, username: string) {
  const [user] = await db.select().from(users).where(eq(users.usernameKey, usernameKey(username)));
  return user;
}
