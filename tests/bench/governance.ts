import { TallyInput, tally } from '../../api/governance/tally.js';

const OPTIONS = Array.from({ length: 20 }, (_, i) => `option-${i + 1}`);
const BALLOTS = 10_000;
const RUNS = 5;
export const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** A small seeded generator (mulberry32), so every run counts the same ballots. */
export function random(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Ballots with a popularity skew (so rounds are not trivial), each ranking 5 to 20 options. */
function ballots() {
  const r = random(42);
  return Array.from({ length: BALLOTS }, () => {
    const order = [...OPTIONS].map((o, i) => [o, r() * (1 + i / 10)] as const).sort((a, b) => a[1] - b[1]).map(([o]) => o);
    return { ranking: order.slice(0, 5 + Math.floor(r() * 16)) };
  });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(run: () => unknown) {
  const ms: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    run();
    ms.push(performance.now() - t);
  }
  return median(ms);
}

export async function governanceBench() {
  console.log('\n## Governance tally (pure code, as the server, `ferrite tally` and `ferrite verify` run it)\n');
  const input = ballots();
  const baseline = time(() => TallyInput.parse({ method: 'schulze', options: OPTIONS, ballots: input }));
  console.log(`${f(BALLOTS)} ranked ballots over ${OPTIONS.length} options, median of ${RUNS} runs; baseline: validating the ballots alone ${f(baseline, 1)} ms`);
  for (const method of ['schulze', 'irv'] as const) {
    let winner: string | null = null;
    let rounds = 0;
    const ms = time(() => {
      const r = tally({ method, options: OPTIONS, ballots: input });
      winner = r.winner;
      rounds = r.rounds.length;
    });
    console.log(`${method.padEnd(7)} ${f(ms, 1)} ms (${f(BALLOTS / (ms / 1000))} ballots/s, ${f(ms / baseline, 1)}× validation); winner ${winner}, ${rounds} round${rounds === 1 ? '' : 's'}; heap ${f(process.memoryUsage().heapUsed / 2 ** 20)} MB`);
  }
}
