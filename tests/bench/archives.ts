import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cargoFetch, hasCargo } from '../archives/crate-files.js';
import { runBenchChild } from './child.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'archives-child.ts');
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * Seed crates (AI/ML, embedded, widely used) whose dependency closure cargo fetches: the newest
 * versions of a few hundred crates, as a real project's first build would download them.
 */
const SEEDS: Record<string, string> = {
  tokio: '{ version = "1", features = ["full"] }', serde: '{ version = "1", features = ["derive"] }', hyper: '1', 'wasm-bindgen': '0.2',
  ndarray: '0.16', nalgebra: '0.33', 'embedded-hal': '1', heapless: '0.8', postcard: '1', safetensors: '0.4', half: '2',
  rayon: '1', regex: '1', clap: '{ version = "4", features = ["derive"] }', reqwest: '0.12', tokenizers: '0.21',
};

/** Archive import from cargo's cache: throughput and peak memory, in a process of its own. */
export async function archivesBench() {
  console.log('\n## Crate archives\n');
  if (!hasCargo) {
    console.log('skipped: no cargo on this machine');
    return;
  }
  const t0 = performance.now();
  const fetched = cargoFetch(SEEDS);
  const fetchSeconds = (performance.now() - t0) / 1000;
  const server = await serverAvailable();
  const db = server ? await scratchServerDb() : null;
  const dir = server ? null : scratchDataDir();
  try {
    const lines = await runBenchChild(CHILD, [fetched.home], db ? { DATABASE_URL: db.url, FERRITE_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-bench-archives-')) } : { FERRITE_DATA_DIR: dir!.dir });
    const r = (lines as Record<string, number>[]).at(-1)!;
    const where = server ? 'PostgreSQL 15' : 'embedded PGlite';
    console.log(`cargo's cache after \`cargo fetch\` of ${Object.keys(SEEDS).length} seed crates (${f(fetchSeconds, 1)} s): ${f(r.archives!)} archives, ${f(r.mb!, 1)} MB`);
    console.log(`import into ${where} (verify sha256, store, read Cargo.toml + README + lib.rs, write facts): ${f(r.seconds!, 2)} s → ${f(r.archives! / r.seconds!, 1)} archives/s, ${f(r.mb! / r.seconds!, 1)} MB/s; peak RSS ${r.maxRssMb} MB (${r.baseRssMb} MB before the import); a second run with everything stored ${f(r.againSeconds!, 2)} s`);
  } finally {
    await db?.drop();
    dir?.drop();
  }
}
