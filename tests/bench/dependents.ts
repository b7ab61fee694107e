import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from '../setup/shared-data.js';
import { runBenchChild } from './child.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'dependents-child.ts');
const SAMPLE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-sample-10pct.tar.gz');

const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/** Reverse-dependency computation on the 10% index sample, against one naive query per crate in the same run. */
export async function dependentsBench() {
  console.log('\n## Reverse dependencies\n');
  const server = await serverAvailable();
  const db = server ? await scratchServerDb() : null;
  const dir = server ? null : scratchDataDir();
  try {
    const lines = await runBenchChild(CHILD, [SAMPLE], db ? { DATABASE_URL: db.url } : { FERRITE_DATA_DIR: dir!.dir });
    const r = (lines as Record<string, number>[]).at(-1)!;
    const where = server ? 'PostgreSQL 15' : 'embedded PGlite';
    console.log(`10% sample, ${where}: ${f(r.crates!)} crates, ${f(r.edges!)} direct uses; refresh (edges rebuilt, direct and transitive counts, one transaction) ${f(r.coldSeconds!, 2)} s cold, ${f(r.warmSeconds!, 2)} s with nothing changed (${r.warmChanged} rewritten); the in-memory closure step alone ${f(r.graphSeconds! * 1000)} ms; peak RSS ${r.maxRssMb} MB`);
    console.log(`  baseline, one recursive query per crate over the same edges: ${f(r.naiveSeconds!, 1)} s → the refresh takes ${f(r.coldSeconds! / r.naiveSeconds!, 3)}× the naive time; counts that differ: ${r.mismatches}`);
  } finally {
    await db?.drop();
    dir?.drop();
  }
}
