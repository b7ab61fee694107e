import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from '../setup/shared-data.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { type Answer, formatScore, loadLabels, questions, score } from '../compat/truth-set.js';
import { runBenchChild } from './child.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'compat-child.ts');
const INDEX = path.join(SHARED_DATA, 'crates-index');
const CLOSURE = path.join(INDEX, 'crates-io-index-closure.tar.gz');
const FULL = path.join(INDEX, 'index-full');

type Result = Record<string, number>;
const HEAP_CAP_MB = 700;

async function runChild(mode: string, input: string, env: Record<string, string> = {}): Promise<Result> {
  const lines = await runBenchChild(CHILD, [mode, input], env);
  return (lines as Result[]).at(-1)!;
}

const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function compatBench() {
  console.log('\n## Compatibility engine\n');
  const parse = await runChild('parse', CLOSURE);
  const analyze = await runChild('analyze', CLOSURE);
  console.log(`ferrite analyze, closure, no database: ${f(analyze.packages!)} packages / ${f(analyze.versions!)} versions in ${f(analyze.seconds!, 1)} s = ${f(analyze.packages! / analyze.seconds!)} packages/s, ${f(analyze.versions! / analyze.seconds!)} versions/s, peak RSS ${analyze.maxRssMb} MB`);
  console.log(`  baseline, reading and validating the same lines without inference: ${f(parse.seconds!, 1)} s, peak RSS ${parse.maxRssMb} MB → analyze takes ${f(analyze.seconds! / parse.seconds!, 2)}× the parse time`);

  if (await serverAvailable()) {
    const db = await scratchServerDb();
    const pass = await runChild('pass', CLOSURE, { DATABASE_URL: db.url });
    await db.drop();
    console.log(`compat pass, closure, PostgreSQL 15: ${f(pass.crates!)} crates, every one of ${f(pass.versions!)} versions analysed, ${f(pass.claims!)} claims in ${f(pass.coldSeconds!, 1)} s = ${f(pass.versions! / pass.coldSeconds!)} versions/s, ${f(pass.claims! / pass.coldSeconds!)} claims/s; peak RSS ${pass.maxRssMb} MB`);
    console.log(`  everything re-queued, nothing changed: ${f(pass.warmSeconds!, 1)} s, ${pass.warmChanged} packages rewritten`);
    // Peak RSS above is mostly V8 collecting lazily when memory is plentiful; capping the heap
    // shows what the pass needs (it fails at 400 MB).
    const capped = await scratchServerDb();
    const small = await runChild('pass', CLOSURE, { DATABASE_URL: capped.url, NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=${HEAP_CAP_MB}` });
    await capped.drop();
    console.log(`  the same pass with the V8 heap capped at ${HEAP_CAP_MB} MB: ${f(small.coldSeconds!, 1)} s cold, ${f(small.warmSeconds!, 1)} s re-queued; peak RSS ${small.maxRssMb} MB`);
  } else console.log('PostgreSQL server not reachable: compat pass on the server not measured.');
  const dir = scratchDataDir();
  const embedded = await runChild('pass', FULL, { FERRITE_DATA_DIR: dir.dir });
  dir.drop();
  console.log(`compat pass, index-full (${f(embedded.crates!)} crates), embedded PGlite: ${f(embedded.versions!)} versions, ${f(embedded.claims!)} claims in ${f(embedded.coldSeconds!, 1)} s = ${f(embedded.versions! / embedded.coldSeconds!)} versions/s; re-run ${f(embedded.warmSeconds!, 1)} s; peak RSS ${embedded.maxRssMb} MB`);

  // The truth set: how often a yes or no is right, and how often Ferrite says unknown (labels in tests/fixtures/compat-truth).
  const { analyses } = await analyzePaths([CLOSURE, path.join(SHARED_DATA, 'npm-packuments', 'packuments')]);
  const by = new Map(analyses.map((a) => [`${a.ecosystem === 'crates' ? 'crate' : 'npm'}:${a.name}`, a]));
  const asAnswer = (s: string | undefined): Answer => (s === 'yes' || s === 'no' || s === 'partial' ? s : 'unknown');
  const scored = loadLabels().flatMap((l) =>
    questions(l, (q) => {
      const a = by.get(`${l.kind}:${l.name}`);
      if (!a) return 'unknown';
      if (q === 'rust') return asAnswer(a.rust);
      if (q.startsWith('profile:')) return asAnswer((a.profiles as Record<string, string>)[q.slice(8)]);
      const triple = q.slice('target:'.length);
      return a.ecosystem === 'npm' ? (a.binding?.triples.includes(triple) ? 'yes' : 'unknown') : asAnswer(a.targets?.[triple]);
    }),
  );
  console.log(formatScore('truth set, ferrite analyze (index only)', score(scored)).split('\n').filter((l) => !l.startsWith('  MISS')).join('\n'));
}
