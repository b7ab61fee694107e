/**
 * The archive benchmark in its own process: index the crates in cargo's cache from the registry
 * cargo used (their records carry the cksums), then time `indexArchives --from-cargo-cache` into a
 * fresh store, and once more with everything stored. Prints one JSON line.
 */
import fs from 'node:fs';
import { Writable } from 'node:stream';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { cargoRegistryDirs, cargoSparseIndex } from '../../api/archives/upstream.js';
import { indexArchives } from '../../indexer/commands/index-archives.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import type { Progress } from '../../indexer/progress.js';

const [home] = process.argv.slice(2) as [string];
const silent: Progress = { start() {}, update() {}, stop() {} };
const quiet = new Writable({ write: (_c, _e, d) => d() });
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);

const config = parseConfig(process.env);
const database = await openDatabase(config.database, { max: 4 });
await migrate(database);
const files = cargoRegistryDirs(home, 'cache').flatMap((d) => fs.readdirSync(d).map((f) => `${d}/${f}`));
const names = [...new Set(files.map((f) => f.split('/').at(-1)!.replace(/-\d+\.\d+\.\d+.*$/, '')))];
await indexCrates(database, [cargoSparseIndex(home)!], { crates: names, out: quiet, progress: silent });
const mb = files.reduce((n, f) => n + fs.statSync(f).size, 0) / 1024 / 1024;

const baseRssMb = rss();
const store = new ArchiveStore(config.archives.dir);
const opts = { store, cargoHome: home, upstreamIndex: null, fromCargoCache: true, out: quiet };
let t0 = performance.now();
const r = await indexArchives(database, opts);
const seconds = (performance.now() - t0) / 1000;
t0 = performance.now();
await indexArchives(database, opts);
const againSeconds = (performance.now() - t0) / 1000;
await database.close();
process.stdout.write(JSON.stringify({ archives: r.cached.imported, refused: r.refused, failed: r.failed, mb, seconds, againSeconds, baseRssMb, maxRssMb: rss() }) + '\n');
