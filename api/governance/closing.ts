import { and, asc, eq, lte, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Database, DbOrTx } from '../db/client.js';
import { ballots, councilDecisions, packageOwners, proposals, users } from '../db/schema/index.js';
import { SEARCH_TOPIC, enqueue } from '../outbox/topics.js';
import { audit } from '../lib/audit.js';
import { appendEvent, readLog } from './log.js';
import { recount, replay } from './replay.js';
import { Rules } from './rules.js';
import { lockProposal, requirePkg, requireUser } from './records.js';
import type { ProposalInput } from './proposals.js';

// ── closing and applying ────────────────────────────────────────────────────

/**
 * Closes a proposal: reveals secret ballots, recounts from its own log (the code `ferrite verify`
 * runs), records the result and, when it passed, applies its action, all in this transaction.
 */
export async function close(tx: DbOrTx, id: number, at: Date, why: string) {
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
    await enqueue(tx, SEARCH_TOPIC, [d.packageId]);
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
