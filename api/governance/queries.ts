import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { ballots, concerns, councilDecisions, councilMembers, councils, governanceLog, packages, proposalElectorate, proposals, users } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { readLog } from './log.js';
import { countedChoices, recount, replay } from './replay.js';
import { Rules } from './rules.js';

export const listCouncils = (db: DbOrTx) => db.select().from(councils).orderBy(asc(councils.name));

/** Who is looking: drafts are shown only to their author, the council's members and admins. */
export type Viewer = { id: number; isAdmin: boolean } | null | undefined;

export async function seesDrafts(db: DbOrTx, viewer: Viewer, councilId: number, authorId?: number) {
  if (!viewer) return false;
  if (viewer.isAdmin || viewer.id === authorId) return true;
  const [m] = await db.select({ userId: councilMembers.userId }).from(councilMembers).where(and(eq(councilMembers.councilId, councilId), eq(councilMembers.userId, viewer.id)));
  return !!m;
}

export async function councilView(db: DbOrTx, slug: string, viewer?: Viewer) {
  const [council] = await db.select().from(councils).where(eq(councils.slug, slug));
  if (!council) throw new AppError('notFound', { detail: `There is no council '${slug}'.` });
  const members = await db
    .select({ username: users.username, displayName: users.displayName, role: councilMembers.role, termStart: councilMembers.termStart, termEnd: councilMembers.termEnd })
    .from(councilMembers)
    .innerJoin(users, eq(users.id, councilMembers.userId))
    .where(eq(councilMembers.councilId, council.id))
    .orderBy(asc(councilMembers.role), asc(users.username));
  const all = await db
    .select({ id: proposals.id, title: proposals.title, kind: proposals.kind, status: proposals.status, action: proposals.action, options: proposals.options, method: sql<string>`${proposals.rules}->>'method'`, closesAt: proposals.closesAt, closedAt: proposals.closedAt }).from(proposals).where(eq(proposals.councilId, council.id)).orderBy(desc(proposals.id));
  const list = (await seesDrafts(db, viewer, council.id)) ? all : all.filter((p) => p.status !== 'draft');
  return { council, members, proposals: list };
}

/**
 * A proposal as the public may see it: rules, electorate, timeline, and the tally — live for
 * open public ballots, hidden (who voted, not how) for open secret ones, final once closed.
 */
export async function proposalView(db: DbOrTx, id: number, at: Date, viewer?: Viewer) {
  const [p] = await db
    .select({ p: proposals, council: councils, author: users.username })
    .from(proposals)
    .innerJoin(councils, eq(councils.id, proposals.councilId))
    .innerJoin(users, eq(users.id, proposals.authorId))
    .where(eq(proposals.id, id));
  // A draft someone may not see answers exactly as a proposal that does not exist.
  if (!p || (p.p.status === 'draft' && !(await seesDrafts(db, viewer, p.council.id, p.p.authorId)))) {
    throw new AppError('notFound', { detail: `There is no proposal ${id}.` });
  }
  const log = await readLog(db, id);
  const rules = Rules.parse(p.p.rules);
  const open = p.p.status === 'open';
  let tally: unknown = null;
  if (open && !rules.secret && log.length) {
    const r = replay(log);
    tally = { ...recount(r, at.toISOString()).result, provisional: true, votes: Object.fromEntries(countedChoices(r)) };
  } else if (!open && p.p.result) tally = p.p.result;
  const electorate = await db
    .select({ username: users.username, recused: proposalElectorate.recused, reason: proposalElectorate.recusalReason })
    .from(proposalElectorate)
    .innerJoin(users, eq(users.id, proposalElectorate.userId))
    .where(eq(proposalElectorate.proposalId, id))
    .orderBy(asc(users.username));
  const voted = new Set(log.filter((e) => e.event.type === 'ballot').map((e) => e.event.voter as string));
  const openConcerns = await db.select({ id: concerns.id, text: concerns.text, by: users.username, raisedAt: concerns.raisedAt }).from(concerns).innerJoin(users, eq(users.id, concerns.userId)).where(and(eq(concerns.proposalId, id))).orderBy(asc(concerns.id));
  // The log records applied decisions by package id; pages name them.
  const ids = log.flatMap((e) => (e.event.type === 'applied' ? (e.event.decisions as { package: number }[]).map((d) => d.package) : []));
  const named = ids.length ? await db.select({ id: packages.id, name: packages.name }).from(packages).where(inArray(packages.id, ids)) : [];
  const decisions = await db.select({ kind: councilDecisions.kind, scope: councilDecisions.scope, ecosystem: packages.ecosystem, name: packages.name }).from(councilDecisions).innerJoin(packages, eq(packages.id, councilDecisions.packageId)).where(eq(councilDecisions.proposalId, id));
  return {
    proposal: p.p,
    author: p.author,
    council: p.council,
    rules,
    tally,
    hidden: open && rules.secret,
    electorate: electorate.map((e) => ({ ...e, voted: voted.has(e.username) })),
    log,
    concerns: openConcerns,
    decisions,
    packageNames: Object.fromEntries(named.map((n) => [n.id, n.name])) as Record<number, string>,
  };
}

/** A member's ballots with their receipts (the hash of the log entry that recorded each). */
export async function myVotes(db: DbOrTx, userId: number, username: string) {
  const rows = await db
    .select({ proposalId: ballots.proposalId, title: proposals.title, status: proposals.status, choice: ballots.choice, version: ballots.version, updatedAt: ballots.updatedAt })
    .from(ballots)
    .innerJoin(proposals, eq(proposals.id, ballots.proposalId))
    .where(eq(ballots.userId, userId))
    .orderBy(desc(ballots.updatedAt));
  const receipts = await db.select({ proposalId: governanceLog.proposalId, event: governanceLog.event, hash: governanceLog.hash }).from(governanceLog).innerJoin(ballots, and(eq(ballots.proposalId, governanceLog.proposalId), eq(ballots.userId, userId)));
  return rows.map((r) => ({
    ...r,
    receipt: receipts.find((x) => x.proposalId === r.proposalId && x.event.type === 'ballot' && x.event.voter === username && x.event.version === r.version)?.hash ?? null,
  }));
}

export const decisionsFor = (db: DbOrTx, packageId: number) =>
  db
    .select({ kind: councilDecisions.kind, scope: councilDecisions.scope, note: councilDecisions.note, proposalId: councilDecisions.proposalId, council: councils.name, councilSlug: councils.slug })
    .from(councilDecisions)
    .innerJoin(councils, eq(councils.id, councilDecisions.councilId))
    .where(eq(councilDecisions.packageId, packageId))
    .orderBy(desc(councilDecisions.id));

/**
 * Packages a council recommended for a category (or its subcategories): they lead the category's
 * page with the council and proposal that decided it, newest decision first.
 */
export type Recommendation = Awaited<ReturnType<typeof recommendedFor>>[number];
export const recommendedFor = (db: DbOrTx, scope: string) =>
  db
    .select({ ecosystem: packages.ecosystem, name: packages.name, description: packages.description, council: councils.name, councilSlug: councils.slug, proposalId: councilDecisions.proposalId, scope: councilDecisions.scope })
    .from(councilDecisions)
    .innerJoin(councils, eq(councils.id, councilDecisions.councilId))
    .innerJoin(packages, eq(packages.id, councilDecisions.packageId))
    .where(and(eq(councilDecisions.kind, 'recommended'), sql`(${councilDecisions.scope} = ${scope} or ${councilDecisions.scope} like ${`${scope}::%`})`))
    .orderBy(desc(councilDecisions.id));

/** A user's place in a proposal's electorate (fixed when it opened), or null. */
export async function electorateSeat(db: DbOrTx, proposalId: number, userId: number) {
  const [seat] = await db.select().from(proposalElectorate).where(and(eq(proposalElectorate.proposalId, proposalId), eq(proposalElectorate.userId, userId)));
  return seat ?? null;
}
