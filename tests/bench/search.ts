import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from '../setup/shared-data.js';
import { runBenchChild } from './child.js';
import { scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'search-child.ts');
const SAMPLE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-sample-10pct.tar.gz');
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function searchBench() {
  console.log('\n## Search (embedded PostgreSQL engine)\n');
  if (!(await serverAvailable())) return console.log('PostgreSQL server not reachable: not measured.');
  const db = await scratchServerDb();
  try {
    const lines = (await runBenchChild(CHILD, [SAMPLE], { DATABASE_URL: db.url })) as Record<string, number>[];
    for (const r of lines) {
      console.log(`${f(r.docs!)} documents (${r.scale}× the 10% sample): ${f(r.queries!)} queries (plain, faceted, filtered): p50 ${f(r.p50!, 1)} ms, p95 ${f(r.p95!, 1)} ms, p99 ${f(r.p99!, 1)} ms; ${f(r.qps!)} queries/s with 4 clients; baseline (the same queries as plain ts_rank_cd over one tsvector) p50 ${f(r.baseP50!, 1)} ms, p95 ${f(r.baseP95!, 1)} ms → p95 ${f(r.p95! / r.baseP95!, 1)}× baseline (aim: p95 < 50 ms at 190,000)`);
      console.log(`  by class: ${['plain', 'faceted', 'filtered'].map((c) => `${c} p50 ${f(r[`${c}P50`]!, 1)} ms, p95 ${f(r[`${c}P95`]!, 1)} ms`).join('; ')}`);
    }
  } finally {
    await db.drop();
  }
}
