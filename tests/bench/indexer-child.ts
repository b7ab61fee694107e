/**
 * One indexer benchmark scenario in its own process, so its peak memory is its own.
 * Prints one JSON line: { seconds, versionsRead, versionsWritten, maxRssMb, copySeconds? }.
 */
import { Writable } from 'node:stream';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import { createProgress } from '../../indexer/progress.js';
import { copyBaseline } from './copy-baseline.js';

const [mode, input] = process.argv.slice(2);
const database = await openDatabase(parseConfig(process.env).database, { max: 4 });
await migrate(database);
const quiet = new Writable({ write: (_c, _e, d) => d() });

if (mode === 'copy') {
  const r = await copyBaseline(database, input!);
  process.stdout.write(JSON.stringify({ ...r, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
} else {
  const started = performance.now();
  const r = await indexCrates(database, [input!], { out: quiet, progress: createProgress(process.stderr, { intervalMs: 60_000 }) });
  const seconds = (performance.now() - started) / 1000;
  process.stdout.write(JSON.stringify({ seconds, versionsRead: r.versionsRead, versionsWritten: r.versionsWritten, linesSkipped: r.linesSkipped, filesUnchanged: r.filesUnchanged, maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024) }) + '\n');
}
await database.close();
