/**
 * One compatibility benchmark scenario in its own process (peak memory is per process).
 * Modes: `parse` (the baseline: read and validate every index line, no inference), `analyze`
 * (`ferrite analyze` over the input), `pass` (index into DATABASE_URL, then time the compat pass
 * cold and again with everything re-queued). Prints one JSON line.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { parseIndexLine } from '../../api/engine/formats/index-record.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import type { Progress } from '../../indexer/progress.js';
import { openLocalIndex } from '../../indexer/sources/crates-index-files.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';

const [mode, input] = process.argv.slice(2) as [string, string];
const silent: Progress = { start() {}, update() {}, stop() {} };
const rss = () => Math.round(process.resourceUsage().maxRSS / 1024);
const started = performance.now();
const seconds = () => (performance.now() - started) / 1000;

if (mode === 'parse') {
  let packages = 0;
  let versions = 0;
  for await (const file of openLocalIndex(input).files()) {
    packages++;
    for (const line of file.text.split('\n')) if (line.trim() && parseIndexLine(line).ok) versions++;
  }
  process.stdout.write(JSON.stringify({ seconds: seconds(), packages, versions, maxRssMb: rss() }) + '\n');
} else if (mode === 'analyze') {
  const r = await analyzePaths([input]);
  process.stdout.write(JSON.stringify({ seconds: seconds(), packages: r.crates, versions: r.versions, maxRssMb: rss() }) + '\n');
} else {
  const database = await openDatabase(parseConfig(process.env).database, { max: 4 });
  await migrate(database);
  await indexCrates(database, [input], { out: new Writable({ write: (_c, _e, d) => d() }), progress: silent });
  const t0 = performance.now();
  const cold = await runCompatPass(database);
  const coldSeconds = (performance.now() - t0) / 1000;
  await database.rows(sql`insert into outbox (topic, key) select 'compat.package', id::text from packages`);
  const t1 = performance.now();
  const warm = await runCompatPass(database);
  const warmSeconds = (performance.now() - t1) / 1000;
  process.stdout.write(JSON.stringify({ coldSeconds, warmSeconds, crates: cold.crates, versions: cold.versions, claims: cold.claims, warmChanged: warm.changed, maxRssMb: rss() }) + '\n');
  await database.close();
}
