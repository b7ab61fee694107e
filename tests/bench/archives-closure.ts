/**
 * The archive bench's one-off preparation: cargo's own cache filled with the newest non-yanked
 * version of every crate in the closure index, by the real `cargo fetch` on generated manifests,
 * in a CARGO_HOME of its own outside the checkout (kept between runs). Downloads go to whatever
 * registry cargo is configured for. Run directly (`npx tsx tests/bench/archives-closure.ts`) to
 * prepare the cache ahead of `npm run bench -- archives`.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { defaultVersion } from '../../api/engine/formats/versions-order.js';
import { openLocalIndex } from '../../indexer/sources/crates-index-files.js';
import { SHARED_DATA } from '../setup/shared-data.js';

export const CLOSURE = path.join(SHARED_DATA, 'crates-index', 'crates-io-index-closure.tar.gz');

/** FERRITE_BENCH_CARGO_HOME, else a folder under the OS temp dir that later runs find again. */
export const CLOSURE_CARGO_HOME = process.env.FERRITE_BENCH_CARGO_HOME ?? path.join(os.tmpdir(), 'ferrite-bench-closure', 'cargo-home');

/** Manifests this large resolve in seconds; a conflict costs one more resolution per split. */
const BATCH = 400;

type Wanted = { name: string; version: string };

/** Each closure crate's newest non-yanked version (crates.io's default version rule), as the index gives it. */
export async function closureNewest(index = CLOSURE): Promise<Wanted[]> {
  const out: Wanted[] = [];
  for await (const file of openLocalIndex(index).files()) {
    const vs = file.text.split('\n').filter(Boolean).flatMap((line) => {
      try {
        const r = JSON.parse(line) as { name: string; vers: string; yanked?: boolean };
        return [{ name: r.name, num: r.vers, yanked: r.yanked ?? false }];
      } catch {
        return [];
      }
    });
    const live = vs.filter((v) => !v.yanked);
    const newest = live.length ? defaultVersion(live) : null;
    if (newest) out.push({ name: vs[0]!.name, version: newest });
  }
  return out;
}

/** Archive file names already in cargo's cache under `home`. */
function cachedFiles(home: string): Set<string> {
  const root = path.join(home, 'registry', 'cache');
  if (!fs.existsSync(root)) return new Set();
  return new Set(fs.readdirSync(root).flatMap((d) => fs.readdirSync(path.join(root, d))));
}

/** Top-level pins of this batch that cargo's error names (`… dependency `x = "=1.2.3"` of package `closure-…`). */
function pinsBlamed(stderr: string, batch: Wanted[]): Wanted[] {
  const named = new Set([...stderr.matchAll(/`([A-Za-z0-9_-]+) = "=[^"]+"`(?: of package `closure-| \(locked)/g)].map((m) => m[1]));
  for (const m of stderr.matchAll(/requirement `([A-Za-z0-9_-]+) = "=[^"]+"`/g)) named.add(m[1]);
  return batch.filter((w) => named.has(w.name));
}

export type CacheFill = { home: string; wanted: number; cached: number; failed: { name: string; version: string; reason: string }[]; cargoRuns: number; seconds: number };

/**
 * Fetches what is not cached yet. A batch cargo cannot resolve (two pins whose dependencies
 * conflict, a `links` clash, a version yanked since) loses the pins cargo's error names, or is
 * split in two; the pins set aside are fetched in batches of their own, so conflicting versions
 * end in different manifests. A pin that fails alone is reported, never fatal.
 */
export async function fillClosureCache(opts: { home?: string; log?: (line: string) => void } = {}): Promise<CacheFill> {
  const home = opts.home ?? CLOSURE_CARGO_HOME;
  const log = opts.log ?? ((l: string) => process.stderr.write(`${l}\n`));
  const started = performance.now();
  const wanted = await closureNewest();
  const projects = path.join(path.dirname(home), 'projects');
  fs.mkdirSync(projects, { recursive: true });
  const failedFile = path.join(path.dirname(home), 'failed.json');
  const knownFailed = new Map<string, string>(fs.existsSync(failedFile) ? JSON.parse(fs.readFileSync(failedFile, 'utf8')) : []);
  const have = cachedFiles(home);
  const todo = wanted.filter((w) => !have.has(`${w.name}-${w.version}.crate`) && !knownFailed.has(`${w.name}@${w.version}`));
  log(`closure: ${wanted.length} crates; ${wanted.length - todo.length} newest versions already in ${home} (or known to fail); fetching ${todo.length}`);
  let runs = 0;
  const failed = new Map(knownFailed);

  const fetchBatch = (batch: Wanted[]): { ok: true } | { ok: false; stderr: string } => {
    const dir = path.join(projects, `closure-${runs++}`);
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
    const deps = batch.map((w) => `${w.name} = "=${w.version}"`).join('\n');
    fs.writeFileSync(path.join(dir, 'Cargo.toml'), `[package]\nname = "closure-${runs}"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${deps}\n`);
    fs.writeFileSync(path.join(dir, 'src', 'lib.rs'), '');
    const r = spawnSync('cargo', ['fetch'], { cwd: dir, env: { ...process.env, CARGO_HOME: home, CARGO_TERM_COLOR: 'never', CARGO_NET_RETRY: '5' }, encoding: 'utf8', timeout: 30 * 60_000, maxBuffer: 64 * 1024 * 1024 });
    fs.rmSync(dir, { recursive: true, force: true });
    return r.status === 0 ? { ok: true } : { ok: false, stderr: `${r.stderr ?? ''}${r.error ? String(r.error) : ''}` };
  };

  let queue: Wanted[][] = [];
  for (let i = 0; i < todo.length; i += BATCH) queue.push(todo.slice(i, i + BATCH));
  while (queue.length) {
    const deferred: Wanted[] = [];
    const next: Wanted[][] = [];
    for (const batch of queue) {
      const r = fetchBatch(batch);
      if (r.ok) {
        log(`  cargo fetch of ${batch.length} pins: ok (${cachedFiles(home).size} archives cached)`);
        continue;
      }
      if (batch.length === 1) {
        const reason = r.stderr.split('\n').find((l) => l.startsWith('error'))?.slice(0, 300) ?? 'cargo fetch failed';
        failed.set(`${batch[0]!.name}@${batch[0]!.version}`, reason);
        log(`  ${batch[0]!.name} ${batch[0]!.version}: ${reason}`);
        continue;
      }
      const blamed = pinsBlamed(r.stderr, batch);
      if (blamed.length > 0 && blamed.length < batch.length) {
        deferred.push(...blamed);
        next.push(batch.filter((w) => !blamed.includes(w)));
        log(`  cargo fetch of ${batch.length} pins failed; setting aside ${blamed.map((w) => w.name).join(', ')}`);
      } else {
        next.push(batch.slice(0, batch.length / 2), batch.slice(batch.length / 2));
        log(`  cargo fetch of ${batch.length} pins failed; splitting`);
      }
    }
    // Pins set aside conflict with others of their batch: they go in batches of their own.
    for (let i = 0; i < deferred.length; i += BATCH) next.push(deferred.slice(i, i + BATCH));
    queue = next;
  }
  fs.writeFileSync(failedFile, JSON.stringify([...failed]));
  const cachedNow = cachedFiles(home);
  return {
    home,
    wanted: wanted.length,
    cached: wanted.filter((w) => cachedNow.has(`${w.name}-${w.version}.crate`)).length,
    failed: [...failed].map(([k, reason]) => ({ name: k.split('@')[0]!, version: k.split('@')[1]!, reason })),
    cargoRuns: runs,
    seconds: (performance.now() - started) / 1000,
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const r = await fillClosureCache();
  process.stdout.write(`${JSON.stringify({ ...r, failed: r.failed.length })}\n`);
}
