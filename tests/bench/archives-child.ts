/**
 * The archive benchmark's processes, one per step so each peak memory is its own:
 * - `index <closure.tar.gz>` indexes the closure (the records carry the cksums archives are verified against);
 * - `import <cargo-home>` times `indexArchives --from-cargo-cache` into a fresh store, then once
 *   more with everything stored. Prints one JSON line.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { cargoRegistryDirs } from '../../api/archives/upstream.js';
import { indexArchives } from '../../indexer/commands/index-archives.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import type { Progress } from '../../indexer/progress.js';

const [mode, input] = process.argv.slice(2) as ['index' | 'import', string];
const silent: Progress = { start() {}, update() {}, stop() {} };
const quiet = new Writable({ write: (_c, _e, d) => d() });
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

const config = parseConfig(process.env);
const database = await openDatabase(config.database, { max: 4 });
if (mode === 'index') {
  await migrate(database);
  const t0 = performance.now();
  const r = await indexCrates(database, [input], { out: quiet, progress: silent });
  process.stdout.write(JSON.stringify({ versions: r.versionsRead, seconds: (performance.now() - t0) / 1000 }) + '\n');
} else {
  const files = cargoRegistryDirs(input, 'cache').flatMap((d) => fs.readdirSync(d).map((f) => `${d}/${f}`));
  const mb = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1024 / 1024;
  const baseRssMb = rss();
  const store = new ArchiveStore(config.archives.dir);
  const opts = { store, cargoHome: input, upstreamIndex: null, fromCargoCache: true, out: quiet, progress: silent };
  let t0 = performance.now();
  const r = await indexArchives(database, opts);
  const seconds = (performance.now() - t0) / 1000;
  const maxRssMb = rss();
  t0 = performance.now();
  await indexArchives(database, opts);
  const againSeconds = (performance.now() - t0) / 1000;
  process.stdout.write(JSON.stringify({
    files: files.length, archives: r.cached.imported, notIndexed: r.cached.notIndexed, refused: r.refused, failed: r.failed, unreadable: r.unreadable,
    mb, storedMb: r.bytes / 1024 / 1024, seconds, againSeconds, baseRssMb, maxRssMb,
  }) + '\n');
}
await database.close();
