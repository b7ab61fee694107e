import { and, asc, eq, gt, isNull, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../accounts/principal.js';
import { requireScope } from '../accounts/principal.js';
import type { Database } from '../db/client.js';
import { councilMembers, councils, proposalElectorate, proposals, users } from '../db/schema/index.js';
import { audit } from '../lib/audit.js';
import { AppError } from '../lib/problems.js';
import { appendEvent } from './log.js';
import { CONSENT, Rules, YES_NO } from './rules.js';
import { DAY, lockProposal, parse, requireCouncil, activeMember, requirePkg, requireUser } from './records.js';
import { eligibleByContributions } from './councils.js';
import { MAX_CITED_ADVISORIES, resolveCitations } from './citations.js';

const PackageRef = z.object({ ecosystem: z.enum(['crates', 'npm']).default('crates'), name: z.string().min(1).max(214) }).strict();
/** What each kind of proposal does when it passes. */
export const ProposalInput = z
  .object({
    kind: z.enum(['recommend', 'deprecate', 'transfer', 'curate', 'policy']),
    title: z.string().trim().min(3).max(200),
    body: z.string().max(20_000).default(''),
    /** recommend: the package (yes/no) or the candidates (options); scope = category or target. */
    action: z
      .object({
        package: PackageRef.optional(),
        scope: z.string().max(100).optional(),
        note: z.string().max(500).optional(),
        replacement: PackageRef.optional(),
        to: z.string().max(39).optional(),
        packages: z.array(PackageRef).max(50).optional(),
      })
      .strict()
      .default({}),
    /** Candidate options for approval and ranked methods (package names for a recommendation); yes/no otherwise. */
    options: z.array(z.string().trim().min(1).max(214)).max(50).optional(),
    /** RustSec advisories the proposal cites (a deprecation's reason, an alternative's case): ids or aliases, stored as canonical ids. */
    advisories: z.array(z.string().trim().min(1).max(100)).max(MAX_CITED_ADVISORIES).optional(),
    rules: Rules,
  })
  .strict()
  .superRefine((p, ctx) => {
    const choosing = ['approval', 'irv', 'schulze'].includes(p.rules.method);
    if (choosing && (p.options?.length ?? 0) < 2) ctx.addIssue({ code: 'custom', path: ['options'], message: `${p.rules.method} needs at least two options` });
    if (!choosing && p.options?.length) ctx.addIssue({ code: 'custom', path: ['options'], message: `${p.rules.method} votes are ${p.rules.method === 'consent' ? CONSENT : YES_NO}; options are for approval and ranked methods` });
    if (['deprecate', 'transfer'].includes(p.kind) && !p.action.package) ctx.addIssue({ code: 'custom', path: ['action', 'package'], message: `a ${p.kind} proposal names its package` });
    if (p.kind === 'transfer' && !p.action.to) ctx.addIssue({ code: 'custom', path: ['action', 'to'], message: 'a transfer names the new owner' });
    if (p.kind === 'recommend' && !choosing && !p.action.package) ctx.addIssue({ code: 'custom', path: ['action', 'package'], message: 'a yes/no recommendation names its package' });
    if (p.rules.minDays > p.rules.maxDays) ctx.addIssue({ code: 'custom', path: ['rules', 'minDays'], message: 'longer than maxDays' });
  });

// ── proposals ──────────────────────────────────────────────────────────────

/** A member drafts a proposal; nothing is frozen until it opens. */
export async function createProposal(database: Database, principal: Principal | undefined, slug: string, input: unknown, at: Date) {
  const user = requireScope(principal, 'governance:vote');
  const p = parse(ProposalInput, input);
  return database.db.transaction(async (tx) => {
    const council = await requireCouncil(tx, slug);
    if (!(await activeMember(tx, council.id, user.id, at))) throw new AppError('forbidden', { detail: `Only members of ${council.name} may propose.` });
    for (const ref of [p.action.package, p.action.replacement, ...(p.action.packages ?? [])].filter((r): r is NonNullable<typeof r> => !!r)) await requirePkg(tx, ref);
    if (p.action.to) await requireUser(tx, p.action.to);
    const citedAdvisories = await resolveCitations(tx, p.advisories ?? []);
    const options = p.options ?? (p.rules.method === 'consent' ? CONSENT : YES_NO);
    const [row] = await tx
      .insert(proposals)
      .values({ councilId: council.id, authorId: user.id, kind: p.kind, title: p.title, body: p.body, action: p.action, options, rules: p.rules, citedAdvisories, createdAt: at })
      .returning();
    await audit(tx, { principal: principal!, action: 'proposal.drafted', subjectType: 'proposal', subjectKey: String(row!.id) });
    return row!;
  });
}

export async function openProposal(database: Database, principal: Principal | undefined, id: number, at: Date) {
  const user = requireScope(principal, 'governance:vote');
  return database.db.transaction(async (tx) => {
    const p = await lockProposal(tx, id, user);
    const member = await activeMember(tx, p.councilId, user.id, at);
    if (p.authorId !== user.id && member?.role !== 'chair') throw new AppError('forbidden', { detail: 'Only the author or the council chair opens a proposal.' });
    if (p.status !== 'draft') throw new AppError('conflict', { detail: `The proposal is ${p.status}, not a draft.` });
    const rules = Rules.parse(p.rules);
    const electorate = await tx
      .select({ id: users.id, username: users.username })
      .from(councilMembers)
      .innerJoin(users, eq(users.id, councilMembers.userId))
      .where(and(eq(councilMembers.councilId, p.councilId), lte(councilMembers.termStart, at), or(isNull(councilMembers.termEnd), gt(councilMembers.termEnd, at))))
      .orderBy(asc(users.username));
    const council = (await tx.select().from(councils).where(eq(councils.id, p.councilId)))[0]!;
    if (council.eligibility) {
      for (const e of await eligibleByContributions(tx, council.eligibility, at)) if (!electorate.some((x) => x.id === e.id)) electorate.push(e);
      electorate.sort((a, b) => a.username.localeCompare(b.username));
    }
    if (!electorate.length) throw new AppError('conflict', { detail: 'The council has no active members to vote.' });
    await tx.insert(proposalElectorate).values(electorate.map((e) => ({ proposalId: id, userId: e.id })));
    const closesAt = new Date(at.getTime() + rules.maxDays * DAY);
    await tx.update(proposals).set({ status: 'open', openedAt: at, minCloseAt: new Date(at.getTime() + rules.minDays * DAY), closesAt, rules }).where(eq(proposals.id, id));
    await appendEvent(tx, id, at, {
      type: 'opened',
      // Cited advisories are part of what members vote on; left out when there are none, so such an entry reads as before.
      proposal: { id, kind: p.kind, title: p.title, body: p.body, action: p.action, advisories: p.citedAdvisories.length ? p.citedAdvisories : undefined },
      options: p.options,
      rules,
      electorate: electorate.map((e) => e.username),
      closesAt: closesAt.toISOString(),
    });
    await audit(tx, { principal: principal!, action: 'proposal.opened', subjectType: 'proposal', subjectKey: String(id) });
  });
}

export async function withdrawProposal(database: Database, principal: Principal | undefined, id: number, at: Date) {
  const user = requireScope(principal, 'governance:vote');
  return database.db.transaction(async (tx) => {
    const p = await lockProposal(tx, id, user);
    if (p.authorId !== user.id) throw new AppError('forbidden', { detail: 'Only the author withdraws a proposal.' });
    if (p.status !== 'draft' && p.status !== 'open') throw new AppError('conflict', { detail: `The proposal is already ${p.status}.` });
    await tx.update(proposals).set({ status: 'withdrawn', closedAt: at }).where(eq(proposals.id, id));
    if (p.status === 'open') await appendEvent(tx, id, at, { type: 'withdrawn', by: user.username });
    await audit(tx, { principal: principal!, action: 'proposal.withdrawn', subjectType: 'proposal', subjectKey: String(id) });
  });
}
