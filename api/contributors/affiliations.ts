import { and, eq } from 'drizzle-orm';
import { z } from '@hono/zod-openapi';
import type { Principal } from '../accounts/principal.js';
import type { Database, DbOrTx } from '../db/client.js';
import { affiliations, people, personEdits } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { mayActFor } from './people.js';

const Day = z.iso.date().openapi({ example: '2024-03-01' });

/** An affiliation as a person declares it: the organisation they contributed for, and when. */
export const AffiliationInput = z
  .object({
    org: z.string().trim().min(1, 'name the organisation').max(100),
    since: Day.optional().openapi({ description: 'First day (UTC); open-ended when left out.' }),
    until: Day.optional().openapi({ description: 'Day after the last (UTC); still affiliated when left out.' }),
  })
  .strict()
  .refine((a) => !a.since || !a.until || a.since < a.until, { path: ['until'], message: 'must be after since' })
  .openapi('AffiliationInput');
export type AffiliationInput = z.infer<typeof AffiliationInput>;

export type Affiliation = { id: number; org: string; since: string | null; until: string | null };

const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);
const dayStart = (d: string | undefined) => (d ? new Date(`${d}T00:00:00Z`) : null);
const toAffiliation = (a: typeof affiliations.$inferSelect): Affiliation => ({ id: a.id, org: a.org, since: day(a.since), until: day(a.until) });

/** A person who still exists on their own; hidden ones too, since they manage their own profile. */
async function requireLivePerson(db: DbOrTx, id: number) {
  const [p] = await db.select({ mergedInto: people.mergedInto }).from(people).where(eq(people.id, id));
  if (!p || p.mergedInto) throw new AppError('notFound', { detail: `There is no person ${id}.` });
}

export async function listAffiliations(db: DbOrTx, personId: number): Promise<Affiliation[]> {
  const rows = await db.select().from(affiliations).where(eq(affiliations.personId, personId)).orderBy(affiliations.since, affiliations.id);
  return rows.map(toAffiliation);
}

/**
 * A person (through their account) or an admin records an affiliation. Affiliations only feed
 * the elephant factor, and only over contributions made inside their dates. Logged with what
 * was added, in the same transaction.
 */
export async function addAffiliation(database: Database, principal: Principal | undefined, personId: number, input: AffiliationInput, at: Date): Promise<Affiliation> {
  return database.db.transaction(async (tx) => {
    await requireLivePerson(tx, personId);
    const user = await mayActFor(tx, principal, [personId]);
    const [row] = await tx.insert(affiliations).values({ personId, org: input.org, since: dayStart(input.since), until: dayStart(input.until) }).returning();
    const added = toAffiliation(row!);
    await tx.insert(personEdits).values({ action: 'affiliate', personId, actor: `user:${user.id}`, detail: added, at });
    return added;
  });
}

/** Removes one of a person's affiliations; logged with what was removed. */
export async function removeAffiliation(database: Database, principal: Principal | undefined, personId: number, affiliationId: number, at: Date) {
  return database.db.transaction(async (tx) => {
    await requireLivePerson(tx, personId);
    const user = await mayActFor(tx, principal, [personId]);
    const [row] = await tx.delete(affiliations).where(and(eq(affiliations.id, affiliationId), eq(affiliations.personId, personId))).returning();
    if (!row) throw new AppError('notFound', { detail: `Person ${personId} has no affiliation ${affiliationId}.` });
    await tx.insert(personEdits).values({ action: 'unaffiliate', personId, actor: `user:${user.id}`, detail: toAffiliation(row), at });
  });
}
