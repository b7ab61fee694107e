import { describe, expect, it } from 'vitest';
import { tally } from '../../api/governance/tally.js';

const ranked = (groups: [number, string][]) => groups.map(([weight, order]) => ({ ranking: [...order], weight }));

describe('Schulze', () => {
  // The worked example of the Schulze method (Wikipedia, "Schulze method", example 1; Schulze 2011, §3):
  // 45 voters, 5 candidates; the winner is E and the full order E > A > C > B > D.
  const wikipedia = ranked([[5, 'ACBED'], [5, 'ADECB'], [8, 'BEDAC'], [3, 'CABED'], [7, 'CAEBD'], [2, 'CBADE'], [7, 'DCEBA'], [8, 'EBADC']]);

  it('elects E with the order E > A > C > B > D and the published strongest paths', () => {
    const r = tally({ method: 'schulze', options: ['A', 'B', 'C', 'D', 'E'], ballots: wikipedia });
    expect(r.winner).toBe('E');
    expect(r.ranking).toEqual(['E', 'A', 'C', 'B', 'D']);
    const { pairwise, strongest } = r.rounds[0] as { pairwise: Record<string, Record<string, number>>; strongest: Record<string, Record<string, number>> };
    expect(pairwise.A!.B).toBe(20);
    expect(pairwise.B!.A).toBe(25);
    expect(pairwise.E!.D).toBe(31);
    // The strongest-path matrix from the article.
    expect(strongest).toMatchObject({
      A: { B: 28, C: 28, D: 30, E: 24 },
      B: { A: 25, C: 28, D: 33, E: 24 },
      C: { A: 25, B: 29, D: 29, E: 24 },
      D: { A: 25, B: 28, C: 28, E: 24 },
      E: { A: 25, B: 28, C: 28, D: 31 },
    });
  });

  it('elects the Condorcet winner where IRV does not (the Tennessee capital example)', () => {
    const tennessee = ranked([[42, 'MNCK'], [26, 'NCKM'], [15, 'CKNM'], [17, 'KCNM']]);
    expect(tally({ method: 'schulze', options: ['M', 'N', 'C', 'K'], ballots: tennessee }).winner).toBe('N');
    const irv = tally({ method: 'irv', options: ['M', 'N', 'C', 'K'], ballots: tennessee });
    expect(irv.winner).toBe('K');
    expect(irv.rounds.map((r) => r.eliminated).filter(Boolean)).toEqual(['C', 'N']);
    expect(irv.rounds[1]!.counts).toEqual({ M: 42, N: 26, K: 32 });
  });

  it('reports a tie instead of inventing a winner', () => {
    const r = tally({ method: 'schulze', options: ['A', 'B'], ballots: ranked([[1, 'AB'], [1, 'BA']]) });
    expect(r).toMatchObject({ winner: null, passed: false, tied: ['A', 'B'] });
  });
});

describe('instant-runoff', () => {
  it('wins outright with more than half of first preferences', () => {
    const r = tally({ method: 'irv', options: ['A', 'B', 'C'], ballots: ranked([[6, 'AB'], [3, 'BA'], [2, 'CB']]) });
    expect(r.winner).toBe('A');
    expect(r.rounds).toHaveLength(1);
  });

  it('counts exhausted ballots apart and takes a majority of the continuing ones', () => {
    // C is eliminated; its two voters ranked nobody else, so their ballots exhaust.
    const r = tally({ method: 'irv', options: ['A', 'B', 'C'], ballots: ranked([[4, 'A'], [3, 'B'], [2, 'C']]) });
    expect(r.rounds[1]).toMatchObject({ counts: { A: 4, B: 3 }, exhausted: 2, winner: 'A' });
  });

  it('breaks a tie for last by the earlier rounds, then by the order of options', () => {
    // Round 1: A 5, B 4, C 3, D 3 → C and D tie; no earlier round; D is listed later, so D goes.
    const r = tally({ method: 'irv', options: ['A', 'B', 'C', 'D'], ballots: ranked([[5, 'A'], [4, 'B'], [3, 'CB'], [3, 'DA']]) });
    expect(r.rounds[0]!.eliminated).toBe('D');
    // Round 2: A 8, B 4, C 3 → A has 8 of 15: wins.
    expect(r.winner).toBe('A');
    // Back-tracking: round 2 ties B and C at 4, round 1 had B 4 and C 2 → C goes.
    const back = tally({ method: 'irv', options: ['A', 'B', 'C', 'D'], ballots: ranked([[6, 'A'], [4, 'B'], [2, 'C'], [2, 'DC'], [1, 'DB']]) });
    expect(back.rounds[0]!.eliminated).toBe('C');
  });

  it('has no winner when the last two tie', () => {
    expect(tally({ method: 'irv', options: ['A', 'B'], ballots: ranked([[2, 'A'], [2, 'B']]) })).toMatchObject({ winner: null, tied: ['A', 'B'] });
  });
});

describe('yes/no motions and quorum', () => {
  const votes = (yes: number, no: number, abstain = 0) => [
    ...Array(yes).fill({ choice: 'yes' }),
    ...Array(no).fill({ choice: 'no' }),
    ...Array(abstain).fill({ choice: 'abstain' }),
  ];
  const options = ['yes', 'no', 'abstain'];

  it('majority needs more than half of yes+no; an exact half fails; abstentions do not count against', () => {
    expect(tally({ method: 'majority', options, ballots: votes(3, 2, 5) }).passed).toBe(true);
    expect(tally({ method: 'majority', options, ballots: votes(2, 2) }).passed).toBe(false);
  });

  it('supermajority needs two thirds: 2 of 3 passes, 5 of 8 fails', () => {
    expect(tally({ method: 'supermajority', options, ballots: votes(2, 1) }).passed).toBe(true);
    expect(tally({ method: 'supermajority', options, ballots: votes(5, 3) }).passed).toBe(false);
  });

  it('of the electorate: silence counts against', () => {
    expect(tally({ method: 'majority', options, ballots: votes(4, 0), base: 'electorate', electorate: 9 }).passed).toBe(false);
    expect(tally({ method: 'majority', options, ballots: votes(5, 0), base: 'electorate', electorate: 9 }).passed).toBe(true);
  });

  it('quorum: abstentions count toward it; exactly the quorum is enough; one short has no result', () => {
    expect(tally({ method: 'majority', options, ballots: votes(2, 0, 1), quorum: 3 })).toMatchObject({ quorumMet: true, passed: true });
    expect(tally({ method: 'majority', options, ballots: votes(2, 0), quorum: 3 })).toMatchObject({ quorumMet: false, passed: false, winner: null });
    // A share of the electorate: half of 9 is 4.5 → 5 ballots needed.
    expect(tally({ method: 'majority', options, ballots: votes(4, 0), quorum: 0.5, electorate: 9 }).quorumMet).toBe(false);
    expect(tally({ method: 'majority', options, ballots: votes(4, 0, 1), quorum: 0.5, electorate: 9 }).quorumMet).toBe(true);
    expect(tally({ method: 'majority', options, ballots: [] }).quorumMet).toBe(false);
  });

  it('weights count as that many ballots', () => {
    expect(tally({ method: 'majority', options, ballots: [{ choice: 'yes', weight: 3 }, { choice: 'no' }, { choice: 'no' }] }).passed).toBe(true);
  });
});

describe('approval', () => {
  it('elects the most approved and reports ties', () => {
    const r = tally({ method: 'approval', options: ['a', 'b', 'c'], ballots: [{ approve: ['a', 'b'] }, { approve: ['b'] }, { approve: ['c', 'b'] }] });
    expect(r).toMatchObject({ winner: 'b', ranking: ['b', 'a', 'c'] });
    expect(tally({ method: 'approval', options: ['a', 'b'], ballots: [{ approve: ['a'] }, { approve: ['b'] }] })).toMatchObject({ winner: null, tied: ['a', 'b'] });
  });
});

describe('input', () => {
  it('refuses ballots naming unknown options, the wrong shape or an option twice', () => {
    expect(() => tally({ method: 'irv', options: ['A'], ballots: [{ ranking: ['Z'] }] })).toThrow(/unknown option "Z"/);
    expect(() => tally({ method: 'irv', options: ['A'], ballots: [{ choice: 'A' }] })).toThrow(/irv ballots are/);
    expect(() => tally({ method: 'schulze', options: ['A', 'B'], ballots: [{ ranking: ['A', 'A'] }] })).toThrow(/twice/);
  });
});

describe('ferrite tally', () => {
  it('counts a ballots file with the same code and prints the documented JSON', async () => {
    const { spawn } = await import('node:child_process');
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const input = { method: 'schulze' as const, options: ['A', 'B', 'C', 'D', 'E'], ballots: ranked([[5, 'ACBED'], [5, 'ADECB'], [8, 'BEDAC'], [3, 'CABED'], [7, 'CAEBD'], [2, 'CBADE'], [7, 'DCEBA'], [8, 'EBADC']]) };
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-tally-')), 'ballots.json');
    fs.writeFileSync(file, JSON.stringify(input));
    const run = (args: string[]) =>
      new Promise<{ code: number | null; out: string; err: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/ferrite.js', 'tally', ...args]);
        let out = '';
        let err = '';
        child.stdout.on('data', (c) => (out += c));
        child.stderr.on('data', (c) => (err += c));
        child.on('close', (code) => resolve({ code, out, err }));
      });
    const ok = await run([file, '--json']);
    expect(ok.code).toBe(0);
    const { winner, ranking, rounds, passed } = tally(input);
    expect(JSON.parse(ok.out)).toMatchObject({ winner, ranking, rounds, passed });
    fs.writeFileSync(file, JSON.stringify({ ...input, ballots: [{ ranking: ['Z'] }] }));
    const bad = await run([file]);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('ballots.0: unknown option "Z"');
  });
});
