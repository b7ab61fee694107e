import { and, eq } from 'drizzle-orm';
import { type Principal, requireUser } from '../accounts/principal.js';
import type { DbOrTx } from '../db/client.js';
import { personIdentities } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';

/** The person a Ferrite account is, when the account has been imported as an identity. */
export async function personOfUser(db: DbOrTx, username: string) {
  const [row] = await db.select({ personId: personIdentities.personId }).from(personIdentities).where(and(eq(personIdentities.kind, 'ferrite'), eq(personIdentities.value, username.toLowerCase())));
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
