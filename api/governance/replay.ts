import { canonicalJson, commitment, type LogEntry } from './log.js';
import { type Rules } from './rules.js';
import { type Ballot, tally, type TallyResult } from './tally.js';

/** What a proposal's log says, read back event by event. */
export type Replayed = {
  rules: Rules;
  options: string[];
  electorate: string[];
  recused: string[];
  /** The last ballot of each voter: its choice (public ballots) or commitment (secret ones). */
  ballots: Map<string, { choice?: unknown; commitment?: string }>;
  revealed: Map<string, { choice: unknown; salt: string }> | null;
  openConcerns: Set<string>;
  fcpEndsAt: string | null;
  closed: { status: string; result: Record<string, unknown> } | null;
};

export function replay(entries: LogEntry[]): Replayed {
  const r: Replayed = { rules: undefined as never, options: [], electorate: [], recused: [], ballots: new Map(), revealed: null, openConcerns: new Set(), fcpEndsAt: null, closed: null };
  for (const { event: e } of entries) {
    switch (e.type) {
      case 'opened':
        r.rules = e.rules as Rules;
        r.options = e.options as string[];
        r.electorate = e.electorate as string[];
        break;
      case 'ballot':
        r.ballots.set(e.voter as string, { choice: e.choice, commitment: e.commitment as string | undefined });
        break;
      case 'recused':
        r.recused.push(e.voter as string);
        r.ballots.delete(e.voter as string);
        break;
      case 'concern-raised':
        r.openConcerns.add(String(e.concern));
        break;
      case 'concern-resolved':
        r.openConcerns.delete(String(e.concern));
        break;
      case 'fcp-started':
        r.fcpEndsAt = e.endsAt as string;
        break;
      case 'fcp-cancelled':
        r.fcpEndsAt = null;
        break;
      case 'revealed':
        r.revealed = new Map((e.ballots as { voter: string; choice: unknown; salt: string }[]).map((b) => [b.voter, { choice: b.choice, salt: b.salt }]));
        break;
      case 'closed':
        r.closed = { status: e.status as string, result: e.result as Record<string, unknown> };
        break;
    }
  }
  return r;
}

export class RecountError extends Error {}

/** The choices to count: public ones as logged; secret ones as revealed, each checked against its commitment. */
export function countedChoices(r: Replayed): Map<string, unknown> {
  const out = new Map<string, unknown>();
  for (const [voter, b] of r.ballots) {
    if (!r.rules.secret) {
      out.set(voter, b.choice);
      continue;
    }
    const open = r.revealed?.get(voter);
    if (!open) throw new RecountError(`the secret ballot of ${voter} was never revealed`);
    if (commitment(open.choice, open.salt) !== b.commitment) throw new RecountError(`the revealed ballot of ${voter} does not match its commitment`);
    out.set(voter, open.choice);
  }
  return out;
}

export type Outcome = { status: 'passed' | 'rejected' | 'no_quorum'; result: TallyResult & { method: string } };

/**
 * The outcome the log implies at `at`: the same function closes proposals on the server and
 * checks them in `ferrite verify`.
 */
export function recount(r: Replayed, at: string): Outcome {
  const electorate = r.electorate.filter((v) => !r.recused.includes(v));
  const choices = countedChoices(r);
  if (r.rules.method === 'consent') {
    const reviewed = [...choices.values()].filter((c) => (c as { choice?: string }).choice === 'reviewed' || (c as { choice?: string }).choice === 'dissent').length;
    const passed = r.fcpEndsAt !== null && r.fcpEndsAt <= at && r.openConcerns.size === 0;
    const result: TallyResult = { winner: passed ? 'yes' : null, ranking: [], rounds: [{ reviewed, electorate: electorate.length, openConcerns: r.openConcerns.size, fcpEndsAt: r.fcpEndsAt }], passed, quorumMet: true, tied: [] };
    return { status: passed ? 'passed' : 'rejected', result: { ...result, method: 'consent' } };
  }
  const ballots = [...choices.values()] as Ballot[];
  const result = tally({
    method: r.rules.method,
    options: r.options,
    ballots,
    quorum: r.rules.quorum || undefined,
    electorate: electorate.length || undefined,
    base: r.rules.base,
  });
  return { status: !result.quorumMet ? 'no_quorum' : result.passed ? 'passed' : 'rejected', result: { ...result, method: r.rules.method } };
}

/** Whether a closed result in the log is exactly what a recount gives. */
export const sameResult = (a: Record<string, unknown>, b: Record<string, unknown>) => canonicalJson(a) === canonicalJson(b);
