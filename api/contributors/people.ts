import { and, eq, sql } from 'drizzle-orm';
import { type Principal, requireUser } from '../accounts/principal.js';
import type { DbOrTx } from '../db/client.js';
import { identities, personIdentities } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { usernameKey } from '../accounts/users.js';

/** The person a Ferrite account is, when the account has been imported as an identity. */
export async function personOfUser(db: DbOrTx, username: string) {
  const [row] = await db.select({ personId: personIdentities.personId }).from(personIdentities).where(and(eq(personIdentities.kind, 'ferrite'), eq(personIdentities.value, usernameKey(username))));
  return row?.personId ?? null;
}

/**
 * Edits to people (merges, hiding, affiliations) are theirs to make: the caller must be one of
 * these people, through their account's identity, or an admin.
 */
export async function mayActFor(db: DbOrTx, principal: Principal | undefined, personIds: number[]) {
  const user = requireUser(principal);
  if (user.isAdmin) return user;
  const mine = await personOfUser(db, user.username);
  if (mine !== null && personIds.includes(mine)) return user;
  throw new AppError('forbidden', { detail: 'Only the people concerned, through their own accounts, or an admin may change this.' });
}

/**
 * Joining someone else's identities to your person needs proof, not a matching name: the other person
 * must hold a GitHub login (crates.io owners and publishers are GitHub logins) that the account has
 * verified by signing in with GitHub. Admins decide without it. Anyone may sign up as `LongYinan`;
 * only LongYinan can complete GitHub's sign-in as LongYinan.
 */
export async function assertMayAbsorb(db: DbOrTx, user: { id: number; isAdmin: boolean }, otherPersonId: number) {
  if (user.isAdmin) return;
  const [proof] = await db
    .select({ login: identities.login })
    .from(identities)
    .innerJoin(personIdentities, and(eq(personIdentities.kind, 'github'), eq(personIdentities.value, sql`lower(${identities.login})`)))
    .where(and(eq(identities.userId, user.id), eq(identities.provider, 'github'), eq(identities.verified, true), eq(personIdentities.personId, otherPersonId)))
    .limit(1);
  if (!proof) {
    throw new AppError('forbidden', {
      detail: 'A shared name is only a suggestion. To merge, sign in with GitHub as the login this person holds (proving it is yours), or ask an admin to decide.',
    });
  }
}
