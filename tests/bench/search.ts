import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SHARED_DATA } from '../setup/shared-data.js';
import { scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'search-child.ts');
const SAMPLE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-sample-10pct.tar.gz');
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

export async function searchBench() {
  console.log('\n## Search (embedded PostgreSQL engine)\n');
  if (!(await serverAvailable())) return console.log('PostgreSQL server not reachable: not measured.');
  const db = await scratchServerDb();
  try {
    const lines = await new Promise<string[]>((resolve, reject) => {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, SAMPLE], { env: { ...process.env, DATABASE_URL: db.url, LOG_LEVEL: 'silent' }, stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (c) => (out += c));
      child.on('exit', (code) => (code === 0 ? resolve(out.trim().split('\n')) : reject(new Error(`search bench exited ${code}`))));
    });
    for (const line of lines) {
      const r = JSON.parse(line) as Record<string, number>;
      console.log(`${f(r.docs!)} documents (${r.scale}× the 10% sample): ${f(r.queries!)} queries (plain, faceted, filtered): p50 ${f(r.p50!, 1)} ms, p95 ${f(r.p95!, 1)} ms, p99 ${f(r.p99!, 1)} ms; ${f(r.qps!)} queries/s with 4 clients; baseline exact-name lookup p95 ${f(r.baseP95!, 2)} ms → p95 ${f(r.p95! / r.baseP95!)}× baseline (aim: p95 < 50 ms at 190,000)`);
    }
  } finally {
    await db.drop();
  }
}
