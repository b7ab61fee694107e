import { and, asc, desc, eq, gt, isNull, lte, or, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Principal } from '../accounts/principal.js';
import { requireScope } from '../accounts/principal.js';
import { randomSecret } from '../accounts/secrets.js';
import type { Database, DbOrTx } from '../db/client.js';
import { ballots, concerns, councilDecisions, councilMembers, councils, outbox, packageOwners, packages, proposalElectorate, proposals, users } from '../db/schema/index.js';
import { audit } from '../lib/audit.js';
import { zodFieldErrors } from '../lib/on-error.js';
import { AppError } from '../lib/problems.js';
import { nameKey } from '../engine/formats/names.js';
import { appendEvent, commitment, readLog } from './log.js';
import { seesDrafts, type Viewer } from './queries.js';
import { recount, replay } from './replay.js';
import { CONSENT, Rules, YES_NO } from './rules.js';
import { Ballot } from './tally.js';

const DAY = 86_400_000;

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

const parse = <T extends z.ZodType>(schema: T, v: unknown): z.infer<T> => {
  const r = schema.safeParse(v);
  if (!r.success) throw new AppError('invalidRequest', { errors: zodFieldErrors(r.error) });
  return r.data;
};

export async function requireCouncil(db: DbOrTx, slug: string) {
  const [c] = await db.select().from(councils).where(eq(councils.slug, slug));
  if (!c) throw new AppError('notFound', { detail: `There is no council '${slug}'.` });
  return c;
}

async function activeMember(db: DbOrTx, councilId: number, userId: number, at: Date) {
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
async function lockProposal(tx: DbOrTx, id: number, viewer?: Viewer) {
  const [p] = await tx.select().from(proposals).where(eq(proposals.id, id)).for('update');
  if (!p || (viewer !== undefined && p.status === 'draft' && !(await seesDrafts(tx, viewer, p.councilId, p.authorId)))) {
    throw new AppError('notFound', { detail: `There is no proposal ${id}.` });
  }
  return p;
}

// ── councils (operators, from the CLI) ─────────────────────────────────────

/** Accounts whose person made at least `minWeight` weighted contributions (in `category`) in the last `days`. */
async function eligibleByContributions(tx: DbOrTx, rule: { minWeight: number; days: number; category?: string }, at: Date) {
  const since = new Date(at.getTime() - rule.days * DAY).toISOString();
  const rows = await tx.execute(sql`
    select u.id::int as id, u.username from users u
    join person_identities fi on fi.kind = 'ferrite' and fi.value = u.username_key
    join people pe on pe.id = fi.person_id and pe.merged_into is null
    join person_identities i on i.person_id = fi.person_id
    join contributions c on c.identity_id = i.id
    left join packages p on p.id = c.package_id
    where c.at >= ${since}::timestamptz
      ${rule.category ? sql`and exists (select 1 from unnest(p.categories) cat where cat = ${rule.category} or cat like ${`${rule.category}::%`})` : sql``}
    group by u.id, u.username having sum(c.weight) >= ${rule.minWeight}`);
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: number; username: string }[];
}

export async function setEligibility(database: Database, slug: string, rule: { minWeight: number; days: number; category?: string } | null) {
  const council = await requireCouncil(database.db, slug);
  await database.db.update(councils).set({ eligibility: rule }).where(eq(councils.id, council.id));
}

export async function createCouncil(database: Database, c: { slug: string; name: string; charter?: string }) {
  const [row] = await database.db.insert(councils).values({ slug: c.slug, name: c.name, charter: c.charter ?? '' }).onConflictDoUpdate({ target: councils.slug, set: { name: c.name, charter: c.charter ?? '' } }).returning();
  return row!;
}

export async function addMember(database: Database, slug: string, username: string, opts: { role?: 'chair' | 'member'; from: Date; until?: Date | null }) {
  return database.db.transaction(async (tx) => {
    const council = await requireCouncil(tx, slug);
    const [user] = await tx.select().from(users).where(eq(users.usernameKey, username.toLowerCase()));
    if (!user) throw new AppError('notFound', { detail: `There is no account named '${username}'.` });
    const values = { councilId: council.id, userId: user.id, role: opts.role ?? 'member', termStart: opts.from, termEnd: opts.until ?? null };
    await tx.insert(councilMembers).values(values).onConflictDoUpdate({ target: [councilMembers.councilId, councilMembers.userId], set: { role: values.role, termStart: values.termStart, termEnd: values.termEnd } });
    await audit(tx, { actor: 'operator', action: 'council.member_set', subjectType: 'council', subjectKey: String(council.id), data: { user: user.username, role: values.role } });
  });
}

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
    const options = p.options ?? (p.rules.method === 'consent' ? CONSENT : YES_NO);
    const [row] = await tx
      .insert(proposals)
      .values({ councilId: council.id, authorId: user.id, kind: p.kind, title: p.title, body: p.body, action: p.action, options, rules: p.rules, createdAt: at })
      .returning();
    await audit(tx, { principal: principal!, action: 'proposal.drafted', subjectType: 'proposal', subjectKey: String(row!.id) });
    return row!;
  });
}

async function requirePkg(tx: DbOrTx, ref: { ecosystem: 'crates' | 'npm'; name: string }) {
  const [pkg] = await tx.select().from(packages).where(and(eq(packages.ecosystem, ref.ecosystem), eq(packages.nameKey, nameKey(ref.ecosystem, ref.name))));
  if (!pkg) throw new AppError('invalidRequest', { detail: `No ${ref.ecosystem} package named '${ref.name}' is indexed.`, errors: [{ path: 'action', message: `unknown package ${ref.name}` }] });
  return pkg;
}

async function requireUser(tx: DbOrTx, username: string) {
  const [u] = await tx.select().from(users).where(eq(users.usernameKey, username.toLowerCase()));
  if (!u) throw new AppError('invalidRequest', { detail: `There is no account named '${username}'.`, errors: [{ path: 'action.to', message: 'no such account' }] });
  return u;
}

/** Opens a draft: freezes its rules and snapshots the electorate (active members) into the log. */
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
      proposal: { id, kind: p.kind, title: p.title, body: p.body, action: p.action },
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

/** An open proposal and the caller's place in its electorate, or the reason they may not act on it. */
async function eligible(tx: DbOrTx, principal: Principal | undefined, id: number, at: Date) {
  const user = requireScope(principal, 'governance:vote');
  const p = await lockProposal(tx, id, user);
  if (p.status !== 'open' || (p.closesAt && p.closesAt <= at)) throw new AppError('conflict', { detail: 'Voting on this proposal is closed.' });
  const [seat] = await tx.select().from(proposalElectorate).where(and(eq(proposalElectorate.proposalId, id), eq(proposalElectorate.userId, user.id)));
  if (!seat) throw new AppError('forbidden', { detail: 'You are not in the electorate of this proposal (it was fixed when the proposal opened).' });
  if (seat.recused) throw new AppError('forbidden', { detail: 'You recused yourself from this proposal.' });
  return { user, p, rules: Rules.parse(p.rules) };
}

/**
 * Casts or changes a ballot. The proposal row lock serialises ballots per proposal and the
 * unique (proposal, member) index makes a second ballot impossible: a repeat is a change, logged
 * with its version. Returns the receipt: the hash of the log entry recording it.
 */
export async function castBallot(database: Database, principal: Principal | undefined, id: number, input: { choice: unknown; reason?: string }, at: Date) {
  return database.db.transaction(async (tx) => {
    const { user, p, rules } = await eligible(tx, principal, id, at);
    const choice = parse(Ballot, input.choice);
    const shape = rules.method === 'approval' ? 'approve' : rules.method === 'irv' || rules.method === 'schulze' ? 'ranking' : 'choice';
    if (!(shape in choice)) throw new AppError('invalidRequest', { errors: [{ path: 'choice', message: `a ${rules.method} ballot is {"${shape}": …}` }] });
    const named = 'choice' in choice ? [choice.choice] : 'approve' in choice ? choice.approve : choice.ranking;
    const unknown = named.filter((o) => !p.options.includes(o));
    if (unknown.length || new Set(named).size !== named.length) throw new AppError('invalidRequest', { errors: [{ path: 'choice', message: unknown.length ? `not an option: ${unknown.join(', ')}` : 'an option appears twice' }] });
    if (choice.weight !== 1) throw new AppError('invalidRequest', { errors: [{ path: 'choice.weight', message: 'every member has one vote' }] });
    const reason = input.reason?.trim() || null;
    if (rules.reasonsRequired && !reason) throw new AppError('invalidRequest', { errors: [{ path: 'reason', message: 'this proposal asks for a reason' }] });
    const stored = { ...choice } as Record<string, unknown>;
    const salt = randomSecret(16);
    const [row] = await tx
      .insert(ballots)
      .values({ proposalId: id, userId: user.id, choice: stored, reason, salt, updatedAt: at })
      .onConflictDoUpdate({ target: [ballots.proposalId, ballots.userId], set: { choice: stored, reason, salt, version: sql`${ballots.version} + 1`, updatedAt: at } })
      .returning({ version: ballots.version });
    const receipt = await appendEvent(tx, id, at, {
      type: 'ballot',
      voter: user.username,
      version: row!.version,
      ...(rules.secret ? { commitment: commitment(stored, salt) } : { choice: stored, ...(reason ? { reason } : {}) }),
    });
    if (rules.method === 'consent') await maybeStartFcp(tx, id, rules, at);
    else if (rules.earlyClose && (await decided(tx, id, at))) await close(tx, id, at, 'decided early');
    return { receipt, version: row!.version };
  });
}

/** Leaves the electorate for a declared conflict of interest; any ballot already cast no longer counts. */
export async function recuse(database: Database, principal: Principal | undefined, id: number, reason: string, at: Date) {
  return database.db.transaction(async (tx) => {
    const { user } = await eligible(tx, principal, id, at);
    if (!reason.trim()) throw new AppError('invalidRequest', { errors: [{ path: 'reason', message: 'say what the conflict of interest is' }] });
    await tx.update(proposalElectorate).set({ recused: true, recusalReason: reason.trim() }).where(and(eq(proposalElectorate.proposalId, id), eq(proposalElectorate.userId, user.id)));
    await tx.delete(ballots).where(and(eq(ballots.proposalId, id), eq(ballots.userId, user.id)));
    return appendEvent(tx, id, at, { type: 'recused', voter: user.username, reason: reason.trim() });
  });
}

// ── consent / FCP ───────────────────────────────────────────────────────────

export async function raiseConcern(database: Database, principal: Principal | undefined, id: number, text: string, at: Date) {
  return database.db.transaction(async (tx) => {
    const { user, rules } = await eligible(tx, principal, id, at);
    if (rules.method !== 'consent') throw new AppError('conflict', { detail: 'Concerns belong to consent (FCP) proposals.' });
    if (!text.trim()) throw new AppError('invalidRequest', { errors: [{ path: 'text', message: 'say what the concern is' }] });
    const [c] = await tx.insert(concerns).values({ proposalId: id, userId: user.id, text: text.trim(), raisedAt: at }).returning();
    const receipt = await appendEvent(tx, id, at, { type: 'concern-raised', voter: user.username, concern: c!.id, text: c!.text });
    const [p] = await tx.select({ fcpEndsAt: proposals.fcpEndsAt }).from(proposals).where(eq(proposals.id, id));
    if (p?.fcpEndsAt) {
      await tx.update(proposals).set({ fcpEndsAt: null }).where(eq(proposals.id, id));
      await appendEvent(tx, id, at, { type: 'fcp-cancelled', because: c!.id });
    }
    return { concern: c!.id, receipt };
  });
}

/** Only the member who raised a concern resolves it. */
export async function resolveConcern(database: Database, principal: Principal | undefined, id: number, concernId: number, at: Date) {
  return database.db.transaction(async (tx) => {
    const { user, rules } = await eligible(tx, principal, id, at);
    const [c] = await tx.select().from(concerns).where(and(eq(concerns.id, concernId), eq(concerns.proposalId, id)));
    if (!c || c.resolvedAt) throw new AppError('notFound', { detail: 'No such open concern.' });
    if (c.userId !== user.id) throw new AppError('forbidden', { detail: 'Only the member who raised a concern resolves it.' });
    await tx.update(concerns).set({ resolvedAt: at }).where(eq(concerns.id, concernId));
    const receipt = await appendEvent(tx, id, at, { type: 'concern-resolved', voter: user.username, concern: concernId });
    await maybeStartFcp(tx, id, rules, at);
    return { receipt };
  });
}

/** rfcbot's rule: once all but `fcpMissing` members have reviewed and no concern is open, the final comment period starts. */
async function maybeStartFcp(tx: DbOrTx, id: number, rules: Rules, at: Date) {
  const r = replay(await readLog(tx, id));
  if (r.fcpEndsAt || r.openConcerns.size) return;
  const electorate = r.electorate.filter((v) => !r.recused.includes(v)).length;
  if (r.ballots.size >= electorate - rules.fcpMissing) {
    const endsAt = new Date(at.getTime() + rules.fcpDays * DAY);
    await tx.update(proposals).set({ fcpEndsAt: endsAt }).where(eq(proposals.id, id));
    await appendEvent(tx, id, at, { type: 'fcp-started', endsAt: endsAt.toISOString() });
  }
}

/**
 * Whether the outcome can no longer change: a yes/no vote that passes even if every remaining
 * member votes no, or fails even if they all vote yes; any method once everyone has voted.
 */
async function decided(tx: DbOrTx, id: number, now: Date): Promise<boolean> {
  const r = replay(await readLog(tx, id));
  const remaining = r.electorate.filter((v) => !r.recused.includes(v) && !r.ballots.has(v));
  if (remaining.length === 0) return true;
  if (r.rules.secret || (r.rules.method !== 'majority' && r.rules.method !== 'supermajority')) return false;
  const at = now.toISOString();
  const withAll = (choice: string) => {
    const copy = { ...r, ballots: new Map(r.ballots) };
    remaining.forEach((v) => copy.ballots.set(v, { choice: { choice, weight: 1 } }));
    return recount(copy, at).status;
  };
  const worst = withAll('no');
  return worst === withAll('yes') && worst !== 'no_quorum';
}

// ── closing and applying ────────────────────────────────────────────────────

/**
 * Closes a proposal: reveals secret ballots, recounts from its own log (the code `ferrite verify`
 * runs), records the result and, when it passed, applies its action, all in this transaction.
 */
async function close(tx: DbOrTx, id: number, at: Date, why: string) {
  const p = await lockProposal(tx, id);
  if (p.status !== 'open') return null;
  const rules = Rules.parse(p.rules);
  if (rules.secret) {
    const rows = await tx.select({ voter: users.username, choice: ballots.choice, salt: ballots.salt }).from(ballots).innerJoin(users, eq(users.id, ballots.userId)).where(eq(ballots.proposalId, id)).orderBy(asc(users.username));
    await appendEvent(tx, id, at, { type: 'revealed', ballots: rows });
  }
  const outcome = recount(replay(await readLog(tx, id)), at.toISOString());
  await tx.update(proposals).set({ status: outcome.status, closedAt: at, result: outcome.result as unknown as Record<string, unknown> }).where(eq(proposals.id, id));
  await appendEvent(tx, id, at, { type: 'closed', status: outcome.status, why, result: outcome.result });
  await audit(tx, { actor: 'system', action: `proposal.${outcome.status}`, subjectType: 'proposal', subjectKey: String(id), data: { why } });
  if (outcome.status === 'passed') await apply(tx, p, outcome.result.winner, at);
  return outcome;
}

/** What a passed proposal does to the registry, with an audit entry and a log entry linking back to it. */
async function apply(tx: DbOrTx, p: typeof proposals.$inferSelect, winner: string | null, at: Date) {
  const action = p.action as z.infer<typeof ProposalInput>['action'];
  const choosing = !['majority', 'supermajority', 'consent'].includes(String((p.rules as { method: string }).method));
  const decisions: { packageId: number; kind: 'recommended' | 'deprecated' | 'transferred'; scope?: string; note?: string }[] = [];
  if (p.kind === 'recommend') {
    const ref = choosing ? { ecosystem: action.package?.ecosystem ?? 'crates', name: winner! } : action.package!;
    decisions.push({ packageId: (await requirePkg(tx, ref)).id, kind: 'recommended', scope: action.scope, note: action.note });
  } else if (p.kind === 'curate') {
    for (const ref of action.packages ?? []) decisions.push({ packageId: (await requirePkg(tx, ref)).id, kind: 'recommended', scope: action.scope, note: action.note });
  } else if (p.kind === 'deprecate') {
    decisions.push({ packageId: (await requirePkg(tx, action.package!)).id, kind: 'deprecated', note: action.replacement ? `use ${action.replacement.name} instead` : action.note });
  } else if (p.kind === 'transfer') {
    const pkg = await requirePkg(tx, action.package!);
    const to = await requireUser(tx, action.to!);
    await tx.delete(packageOwners).where(eq(packageOwners.packageId, pkg.id));
    await tx.insert(packageOwners).values({ packageId: pkg.id, userId: to.id, via: `council proposal ${p.id}` });
    decisions.push({ packageId: pkg.id, kind: 'transferred', note: `to ${to.username}` });
  }
  for (const d of decisions) {
    await tx.insert(councilDecisions).values({ ...d, councilId: p.councilId, proposalId: p.id, createdAt: at });
    await tx.insert(outbox).values({ topic: 'search.package', key: String(d.packageId) });
    await audit(tx, { actor: `proposal:${p.id}`, action: `package.${d.kind}`, subjectType: 'package', subjectKey: String(d.packageId), data: { proposal: p.id, scope: d.scope ?? null } });
  }
  if (decisions.length) await appendEvent(tx, p.id, at, { type: 'applied', decisions: decisions.map((d) => ({ package: d.packageId, kind: d.kind, scope: d.scope ?? null })) });
}

/**
 * The scheduled job: closes every open proposal whose time is up (or whose final comment period
 * ended). Idempotent, and safe with several processes: each proposal is claimed with SKIP LOCKED
 * and closed only while still open.
 */
export async function closeDue(database: Database, at: Date): Promise<number[]> {
  const closed: number[] = [];
  for (;;) {
    const id = await database.db.transaction(async (tx) => {
      const [due] = await tx
        .select({ id: proposals.id })
        .from(proposals)
        .where(and(eq(proposals.status, 'open'), or(lte(proposals.closesAt, at), and(lte(proposals.fcpEndsAt, at), lte(proposals.minCloseAt, at)))))
        .orderBy(asc(proposals.id))
        .limit(1)
        .for('update', { skipLocked: true });
      if (!due) return null;
      await close(tx, due.id, at, 'time');
      return due.id;
    });
    if (id === null) return closed;
    closed.push(id);
  }
}

export const proposalsOf = (db: DbOrTx, councilId: number) => db.select().from(proposals).where(eq(proposals.councilId, councilId)).orderBy(desc(proposals.id));
