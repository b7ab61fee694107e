import { and, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { councilMembers, councils, packages, proposals } from '../db/schema/index.js';
import { zodFieldErrors } from '../lib/on-error.js';
import { AppError } from '../lib/problems.js';
import { nameKey } from '../engine/formats/names.js';
import { seesDrafts, type Viewer } from './queries.js';
import { findUserByUsername } from '../accounts/users.js';

export const DAY = 86_400_000;

export const parse = <T extends z.ZodType>(schema: T, v: unknown): z.infer<T> => {
  const r = schema.safeParse(v);
  if (!r.success) throw new AppError('invalidRequest', { errors: zodFieldErrors(r.error) });
  return r.data;
};

export async function requireCouncil(db: DbOrTx, slug: string) {
  const [c] = await db.select().from(councils).where(eq(councils.slug, slug));
  if (!c) throw new AppError('notFound', { detail: `There is no council '${slug}'.` });
  return c;
}

/** The caller's seat on a council today, or null: the rule the API, the pages and the CLI all apply. */
export async function activeMember(db: DbOrTx, councilId: number, userId: number, at: Date) {
  const [m] = await db
    .select()
    .from(councilMembers)
    .where(and(eq(councilMembers.councilId, councilId), eq(councilMembers.userId, userId), lte(councilMembers.termStart, at), or(isNull(councilMembers.termEnd), gt(councilMembers.termEnd, at))));
  return m ?? null;
}

/** Locks a proposal for the rest of the transaction: its events are appended one at a time. */
/**
 * Locks a proposal for a change. With `viewer`, a draft they may not see answers exactly like a
 * proposal that does not exist (404), so writes leak no more than reads.
 */
export async function lockProposal(tx: DbOrTx, id: number, viewer?: Viewer) {
  const [p] = await tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
  if (!p || (viewer !== undefined && p.status === 'draft' && !(await seesDrafts(tx, viewer, p.councilId, p.authorId)))) {
    throw new AppError('notFound', { detail: `There is no proposal ${id}.` });
  }
  return p;
}

export async function requirePkg(tx: DbOrTx, ref: { ecosystem: 'crates' | 'npm'; name: string }) {
  const [pkg] = await tx.select().from(packages).where(and(eq(packages.ecosystem, ref.ecosystem), eq(packages.nameKey, nameKey(ref.ecosystem, ref.name))));
  if (!pkg) throw new AppError('invalidRequest', { detail: `No ${ref.ecosystem} package named '${ref.name}' is indexed.`, errors: [{ path: 'action', message: `unknown package ${ref.name}` }] });
  return pkg;
}

export async function requireUser(tx: DbOrTx, username: string) {
  const u = await findUserByUsername(tx, username);
  if (!u) throw new AppError('invalidRequest', { detail: `There is no account named '${username}'.`, errors: [{ path: 'action.to', message: 'no such account' }] });
  return u;
}

/** Opens a draft: freezes its rules and snapshots the electorate (active members) into the log. */