import { z } from 'zod';

/**
 * Counting votes: pure, no database, the same code on the server, in `ferrite tally` and in
 * `ferrite verify`. Tie rules are part of the result, so anyone can recount and agree.
 */
export const METHODS = ['majority', 'supermajority', 'approval', 'irv', 'schulze'] as const;
export type Method = (typeof METHODS)[number];

const Weight = z.number().positive().finite().default(1);
export const Ballot = z.union([
  z.object({ choice: z.string().min(1), weight: Weight }).strict(),
  z.object({ approve: z.array(z.string().min(1)), weight: Weight }).strict(),
  z.object({ ranking: z.array(z.string().min(1)), weight: Weight }).strict(),
]);
export type Ballot = z.infer<typeof Ballot>;

export const TallyInput = z
  .object({
    method: z.enum(METHODS),
    options: z.array(z.string().min(1)).min(1).refine((o) => new Set(o).size === o.length, 'options must be distinct'),
    ballots: z.array(Ballot),
    /** Ballots (by weight, abstentions included) needed for any result; ≤ 1 means a share of the electorate. */
    quorum: z.number().nonnegative().optional(),
    /** The number of eligible voters (by weight). */
    electorate: z.number().positive().optional(),
    /** majority/supermajority: share of yes+no votes cast (default), or of the whole electorate. */
    base: z.enum(['cast', 'electorate']).default('cast'),
  })
  .strict()
  .superRefine((t, ctx) => {
    if ((t.base === 'electorate' || (t.quorum !== undefined && t.quorum <= 1 && t.quorum > 0)) && t.electorate === undefined) {
      ctx.addIssue({ code: 'custom', path: ['electorate'], message: 'needed when quorum is a share or base is electorate' });
    }
    const known = new Set(t.options);
    t.ballots.forEach((b, i) => {
      const named = 'choice' in b ? [b.choice] : 'approve' in b ? b.approve : b.ranking;
      const unknown = named.filter((o) => !known.has(o));
      if (unknown.length) ctx.addIssue({ code: 'custom', path: ['ballots', i], message: `unknown option ${unknown.map((u) => JSON.stringify(u)).join(', ')}` });
      if (new Set(named).size !== named.length) ctx.addIssue({ code: 'custom', path: ['ballots', i], message: 'an option appears twice' });
      const shape = t.method === 'approval' ? 'approve' : t.method === 'irv' || t.method === 'schulze' ? 'ranking' : 'choice';
      if (!(shape in b)) ctx.addIssue({ code: 'custom', path: ['ballots', i], message: `${t.method} ballots are {"${shape}": …}` });
    });
  });
export type TallyInput = z.input<typeof TallyInput>;

export type Round = Record<string, unknown>;
export type TallyResult = {
  /** The winning option; null with no quorum, a tie for first, or (yes/no) when the motion fails. */
  winner: string | null;
  /** Options best first. */
  ranking: string[];
  /** How the count went: per round counts (IRV), pairwise and strongest-path matrices (Schulze). */
  rounds: Round[];
  passed: boolean;
  quorumMet: boolean;
  /** Options tied for first when that prevents a winner. */
  tied: string[];
};

const weightOf = (bs: Ballot[]) => bs.reduce((s, b) => s + b.weight, 0);
const round6 = (n: number) => Math.round(n * 1e6) / 1e6;

/** A ballots file or request that cannot be counted; `errors` name each place at fault. */
export class TallyInputError extends Error {
  constructor(readonly errors: { path: string; message: string }[]) {
    super(errors.map((e) => `${e.path}: ${e.message}`).join('\n'));
  }
}

export function tally(raw: TallyInput): TallyResult {
  const parsed = TallyInput.safeParse(raw);
  if (!parsed.success) throw new TallyInputError(parsed.error.issues.map((i) => ({ path: i.path.join('.') || '(root)', message: i.message })));
  const t = parsed.data;
  const cast = weightOf(t.ballots);
  const needed = t.quorum === undefined ? 0 : t.quorum <= 1 ? t.quorum * t.electorate! : t.quorum;
  const quorumMet = cast >= needed && cast > 0;
  const out = (() => {
    switch (t.method) {
      case 'majority':
      case 'supermajority':
        return yesNo(t.options, t.ballots as Extract<Ballot, { choice: string }>[], t.method, t.base === 'electorate' ? t.electorate! : null);
      case 'approval':
        return plurality(t.options, t.ballots.flatMap((b) => ('approve' in b ? b.approve.map((o) => [o, b.weight] as const) : [])));
      case 'irv':
        return irv(t.options, t.ballots as Extract<Ballot, { ranking: string[] }>[]);
      case 'schulze':
        return schulze(t.options, t.ballots as Extract<Ballot, { ranking: string[] }>[]);
    }
  })();
  const passed = quorumMet && out.passed;
  return { ...out, winner: quorumMet ? out.winner : null, passed, quorumMet };
}

/**
 * Yes/no motions: abstentions count toward quorum, not toward the base. Majority passes with
 * more than half; supermajority with at least two thirds. An exact half fails.
 */
function yesNo(options: string[], ballots: { choice: string; weight: number }[], method: 'majority' | 'supermajority', electorate: number | null) {
  const counts = Object.fromEntries(options.map((o) => [o, 0]));
  for (const b of ballots) counts[b.choice]! += b.weight;
  const yes = counts.yes ?? 0;
  const no = counts.no ?? 0;
  const base = electorate ?? yes + no;
  const share = base > 0 ? yes / base : 0;
  const passed = method === 'majority' ? share > 1 / 2 : share >= 2 / 3 - 1e-12;
  const ranking = [...options].sort((a, b) => counts[b]! - counts[a]! || options.indexOf(a) - options.indexOf(b));
  return { winner: passed ? 'yes' : 'no', ranking, rounds: [{ counts, base, yesShare: round6(share) }], passed, tied: [] as string[] };
}

/** Most (weighted) marks wins; a tie for first has no winner. */
function plurality(options: string[], marks: (readonly [string, number])[]) {
  const counts = Object.fromEntries(options.map((o) => [o, 0]));
  for (const [o, w] of marks) counts[o]! += w;
  const ranking = [...options].sort((a, b) => counts[b]! - counts[a]! || options.indexOf(a) - options.indexOf(b));
  const top = counts[ranking[0]!]!;
  const tied = ranking.filter((o) => counts[o] === top);
  const winner = tied.length === 1 && top > 0 ? tied[0]! : null;
  return { winner, ranking, rounds: [{ counts }], passed: winner !== null, tied: tied.length > 1 ? tied : [] };
}

/**
 * Instant-runoff: each round counts every ballot for its highest continuing option; an option
 * with more than half of the continuing (non-exhausted) weight wins. Otherwise the lowest is
 * eliminated. A tie for lowest is broken by the earlier rounds' counts (fewest earlier votes
 * goes), then by the order of `options` (the later-listed goes). When two remain and tie, there
 * is no winner.
 */
function irv(options: string[], ballots: { ranking: string[]; weight: number }[]) {
  const continuing = new Set(options);
  const rounds: { counts: Record<string, number>; exhausted: number; eliminated?: string; winner?: string }[] = [];
  const eliminated: string[] = [];
  while (continuing.size > 0) {
    const counts = Object.fromEntries([...continuing].map((o) => [o, 0]));
    let exhausted = 0;
    for (const b of ballots) {
      const top = b.ranking.find((o) => continuing.has(o));
      if (top) counts[top]! += b.weight;
      else exhausted += b.weight;
    }
    const live = Object.values(counts).reduce((a, b) => a + b, 0);
    const round: (typeof rounds)[number] = { counts, exhausted };
    rounds.push(round);
    const best = [...continuing].sort((a, b) => counts[b]! - counts[a]!)[0]!;
    if (live > 0 && counts[best]! * 2 > live) {
      round.winner = best;
      const rest = [...continuing].filter((o) => o !== best).sort((a, b) => counts[b]! - counts[a]!);
      return { winner: best, ranking: [best, ...rest, ...eliminated.reverse()], rounds, passed: true, tied: [] as string[] };
    }
    if (continuing.size <= 2 || live === 0) {
      const tied = [...continuing];
      return { winner: null, ranking: [...tied, ...eliminated.reverse()], rounds, passed: false, tied };
    }
    const low = Math.min(...[...continuing].map((o) => counts[o]!));
    let candidates = [...continuing].filter((o) => counts[o] === low);
    for (let r = rounds.length - 2; r >= 0 && candidates.length > 1; r--) {
      const earlier = Math.min(...candidates.map((o) => rounds[r]!.counts[o] ?? 0));
      candidates = candidates.filter((o) => (rounds[r]!.counts[o] ?? 0) === earlier);
    }
    const out = candidates.sort((a, b) => options.indexOf(b) - options.indexOf(a))[0]!;
    round.eliminated = out;
    eliminated.push(out);
    continuing.delete(out);
  }
  return { winner: null, ranking: eliminated.reverse(), rounds, passed: false, tied: [] as string[] };
}

/**
 * Schulze (Condorcet): d[a][b] is the weight preferring a to b (unranked options share last
 * place); p holds the strongest paths (widest-path Floyd–Warshall). a beats b when
 * p[a][b] > p[b][a]. The winner beats or ties everyone and is unique; several potential
 * winners are a tie. The ranking orders options by how many others they beat.
 */
function schulze(options: string[], ballots: { ranking: string[]; weight: number }[]) {
  const n = options.length;
  const index = new Map(options.map((o, i) => [o, i]));
  const d = Array.from({ length: n }, () => new Float64Array(n));
  const pos = new Int32Array(n);
  for (const b of ballots) {
    pos.fill(n); // unranked: below every ranked option
    b.ranking.forEach((o, r) => (pos[index.get(o)!] = r));
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) if (pos[i]! < pos[j]!) d[i]![j]! += b.weight;
  }
  const p = Array.from({ length: n }, (_, i) => Float64Array.from(d[i]!, (v, j) => (i !== j && v > d[j]![i]! ? v : 0)));
  for (let k = 0; k < n; k++)
    for (let i = 0; i < n; i++)
      if (i !== k)
        for (let j = 0; j < n; j++) if (j !== i && j !== k) p[i]![j] = Math.max(p[i]![j]!, Math.min(p[i]![k]!, p[k]![j]!));
  const wins = options.map((_, i) => options.filter((__, j) => j !== i && p[i]![j]! > p[j]![i]!).length);
  const potential = options.filter((_, i) => options.every((__, j) => j === i || p[i]![j]! >= p[j]![i]!));
  const ranking = [...options].sort((a, b) => wins[index.get(b)!]! - wins[index.get(a)!]! || options.indexOf(a) - options.indexOf(b));
  const winner = potential.length === 1 ? potential[0]! : null;
  const matrix = (m: Float64Array[]) => Object.fromEntries(options.map((o, i) => [o, Object.fromEntries(options.map((q, j) => [q, m[i]![j]!]))]));
  return { winner, ranking, rounds: [{ pairwise: matrix(d), strongest: matrix(p) }], passed: winner !== null, tied: potential.length > 1 ? potential : [] };
}
