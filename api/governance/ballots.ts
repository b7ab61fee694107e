import { and, eq, sql } from 'drizzle-orm';
import type { Principal } from '../accounts/principal.js';
import { requireScope } from '../accounts/principal.js';
import { randomSecret } from '../accounts/secrets.js';
import type { Database, DbOrTx } from '../db/client.js';
import { ballots, concerns, proposalElectorate, proposals } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { appendEvent, commitment, readLog } from './log.js';
import { recount, replay } from './replay.js';
import { Rules } from './rules.js';
import { Ballot } from './tally.js';
import { DAY, lockProposal, parse } from './records.js';
import { close } from './closing.js';
import { creditFerriteActivity } from '../contributors/import.js';

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
    await creditFerriteActivity(tx, user.id);
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
