import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { hasCargo } from '../archives/crate-files.js';
import { CLOSURE, closureNewest, fillClosureCache } from './archives-closure.js';
import { runBenchChild } from './child.js';
import { scratchDataDir, scratchServerDb, serverAvailable } from './databases.js';

const CHILD = path.join(path.dirname(fileURLToPath(import.meta.url)), 'archives-child.ts');
const f = (n: number, d = 0) => n.toLocaleString('en', { maximumFractionDigits: d, minimumFractionDigits: d });

/**
 * A CARGO_HOME whose cache holds exactly the closure's newest versions (hard links into the filled
 * cache, which also holds the other versions cargo resolved), so the import measures those alone.
 */
async function newestOnlyHome(filled: string): Promise<string> {
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-bench-newest-'));
  const newest = new Set((await closureNewest()).map((w) => `${w.name}-${w.version}.crate`));
  const root = path.join(filled, 'registry', 'cache');
  for (const dir of fs.readdirSync(root)) {
    fs.mkdirSync(path.join(home, 'registry', 'cache', dir), { recursive: true });
    for (const file of fs.readdirSync(path.join(root, dir))) {
      if (newest.has(file)) fs.linkSync(path.join(root, dir, file), path.join(home, 'registry', 'cache', dir, file));
    }
  }
  return home;
}

/**
 * Archive import from cargo's cache over the closure's newest versions: throughput and peak
 * memory, in a process of its own. Filling the cache is a one-off preparation, timed apart.
 */
export async function archivesBench() {
  console.log('\n## Crate archives\n');
  if (!hasCargo) {
    console.log('skipped: no cargo on this machine');
    return;
  }
  const fill = await fillClosureCache({ log: () => {} });
  console.log(`preparation (one-off, kept in ${fill.home}): cargo's cache holds the newest non-yanked version of ${f(fill.cached)} of the closure's ${f(fill.wanted)} crates; `
    + `${f(fill.failed.length)} could not be fetched (yanked since, or unresolvable: listed in ${path.join(path.dirname(fill.home), 'failed.json')}); this run: ${f(fill.cargoRuns)} \`cargo fetch\` runs, ${f(fill.seconds, 1)} s`);
  const home = await newestOnlyHome(fill.home);
  const server = await serverAvailable();
  const db = server ? await scratchServerDb() : null;
  // The data folder holds the archive store either way, and the embedded database without a server.
  const dir = scratchDataDir();
  const env: Record<string, string> = db ? { DATABASE_URL: db.url, FERRITE_DATA_DIR: dir.dir } : { FERRITE_DATA_DIR: dir.dir };
  try {
    const indexed = (await runBenchChild(CHILD, ['index', CLOSURE], env) as Record<string, number>[]).at(-1)!;
    const r = (await runBenchChild(CHILD, ['import', home], env) as Record<string, number>[]).at(-1)!;
    const where = server ? 'PostgreSQL 15' : 'embedded PGlite';
    console.log(`closure index (${f(indexed.versions!)} versions) into ${where}: ${f(indexed.seconds!, 1)} s (setup, not measured here)`);
    console.log(`import of ${f(r.archives!)} archives, ${f(r.mb!, 1)} MB (verify sha256, store, read Cargo.toml + README + lib.rs, render and sanitize the README, write facts): `
      + `${f(r.seconds!, 1)} s → ${f(r.archives! / r.seconds!, 1)} archives/s, ${f(r.mb! / r.seconds!, 1)} MB/s; peak RSS ${r.maxRssMb} MB (${r.baseRssMb} MB before the import); `
      + `${r.refused} refused, ${r.failed} failed, ${r.unreadable} unreadable, ${r.notIndexed} not in the index; a second run with everything stored ${f(r.againSeconds!, 2)} s`);
  } finally {
    await db?.drop();
    dir.drop();
    fs.rmSync(home, { recursive: true, force: true });
  }
}
