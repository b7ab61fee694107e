import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { fromPostgres } from '../../api/db/client.js';
import { catalogDigest } from '../setup/catalog-digest.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { runBenchChild } from './child.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const CHILD = path.join(HERE, 'indexer-child.ts');
const INDEX = path.join(SHARED_DATA, 'crates-index');
const CLOSURE = path.join(INDEX, 'crates-io-index-closure.tar.gz');
const SAMPLE = path.join(INDEX, 'crates-io-index-sample-10pct.tar.gz');
const FULL = path.join(INDEX, 'index-full');

type ChildResult = { seconds: number; versionsRead: number; versionsWritten: number; linesSkipped: number; filesUnchanged: number; maxRssMb: number; copySeconds?: number; versions?: number };

async function runChild(mode: 'index' | 'copy', input: string, env: Record<string, string>, killAfterMs?: number): Promise<ChildResult | 'killed'> {
  const r = await runBenchChild(CHILD, [mode, input], env, killAfterMs);
  return r === 'killed' ? r : (r.at(-1) as ChildResult);
}

const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

async function digestOf(url: string) {
  const client = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return await catalogDigest(fromPostgres(client));
  } finally {
    await client.end();
  }
}

export async function indexerBench() {
  console.log('\n## Indexer (crates.io index → database)\n');
  if (!(await serverAvailable())) {
    console.log('PostgreSQL server not reachable: server scenarios not measured.');
  } else {
    // 1. The closure, cold, then again (must write nothing), against COPY of the same rows.
    const a = await scratchServerDb();
    const cold = (await runChild('index', CLOSURE, { DATABASE_URL: a.url })) as ChildResult;
    const warm = (await runChild('index', CLOSURE, { DATABASE_URL: a.url })) as ChildResult;
    const clean = await digestOf(a.url);
    const b = await scratchServerDb();
    const copy = (await runChild('copy', CLOSURE, { DATABASE_URL: b.url })) as ChildResult;
    await b.drop();
    const rate = cold.versionsRead / cold.seconds;
    const copyRate = copy.versions! / copy.copySeconds!;
    console.log(`closure, PostgreSQL 15: ${f(cold.versionsRead)} versions in ${f(cold.seconds, 1)} s = ${f(rate)} versions/s end to end, peak RSS ${cold.maxRssMb} MB, skipped ${cold.linesSkipped}`);
    console.log(`  baseline COPY of the same rows: ${f(copy.copySeconds!, 1)} s = ${f(copyRate)} versions/s → indexer at ${f(rate / copyRate, 2)}× COPY speed (aim ≥ 0.5×)`);
    console.log(`  second load: ${f(warm.seconds, 1)} s, ${warm.filesUnchanged} files unchanged, ${warm.versionsWritten} versions written; rows changed: ${(await digestOf(a.url)).sha256 === clean.sha256 ? 'none' : 'YES (bug)'}`);

    // 2. Kill a load halfway (SIGKILL, no cleanup), start again, compare with the clean load.
    const c = await scratchServerDb();
    const killed = await runChild('index', CLOSURE, { DATABASE_URL: c.url }, Math.round(cold.seconds * 500));
    const before = await digestOf(c.url);
    const resumed = (await runChild('index', CLOSURE, { DATABASE_URL: c.url })) as ChildResult;
    const after = await digestOf(c.url);
    console.log(`  killed halfway (${killed === 'killed' ? `SIGKILL at ${f(cold.seconds / 2, 1)} s, ${f(before.versions)} versions stored` : 'finished before the kill'}), resumed: ${resumed.filesUnchanged} files skipped, ${f(resumed.versionsWritten)} versions written; same rows as a clean load: ${after.sha256 === clean.sha256 && after.versions === clean.versions ? 'yes' : 'NO'}`);
    await c.drop();
    await a.drop();

    // 3. The 10% sample of the whole index, and memory as input grows.
    const d = await scratchServerDb();
    const sample = (await runChild('index', SAMPLE, { DATABASE_URL: d.url })) as ChildResult;
    const sampleAgain = (await runChild('index', SAMPLE, { DATABASE_URL: d.url })) as ChildResult;
    await d.drop();
    console.log(`10% sample, PostgreSQL 15: ${f(sample.versionsRead)} versions in ${f(sample.seconds, 1)} s = ${f(sample.versionsRead / sample.seconds)} versions/s, peak RSS ${sample.maxRssMb} MB, skipped ${sample.linesSkipped}; second load wrote ${sampleAgain.versionsWritten}`);
    const e = await scratchServerDb();
    const small = (await runChild('index', FULL, { DATABASE_URL: e.url })) as ChildResult;
    await e.drop();
    console.log(`memory as input grows: ${f(small.versionsRead)} versions → ${small.maxRssMb} MB; ${f(cold.versionsRead)} → ${cold.maxRssMb} MB; ${f(sample.versionsRead)} → ${sample.maxRssMb} MB`);
  }

  // 4. The embedded database.
  const g = scratchDataDir();
  const embedded = (await runChild('index', CLOSURE, { FERRITE_DATA_DIR: g.dir })) as ChildResult;
  g.drop();
  console.log(`closure, embedded PGlite: ${f(embedded.versionsRead)} versions in ${f(embedded.seconds, 1)} s = ${f(embedded.versionsRead / embedded.seconds)} versions/s, peak RSS ${embedded.maxRssMb} MB`);
}
