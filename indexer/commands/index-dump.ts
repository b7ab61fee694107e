import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { indexedFiles } from '../../api/db/schema/index.js';
import { type DumpStats, importDump } from '../dump/import.js';
import { createProgress, type Progress } from '../progress.js';
import { RunLog } from '../run-log.js';
import { readDbDump } from '../sources/db-dump.js';
import { DUMP_TABLES, type DumpTable } from '../dump/tables.js';

const SOURCE = 'dump';
const KEY = 'crates.io';

export type IndexDumpResult = (DumpStats & { unchanged: false; seconds: number }) | { unchanged: true; seconds: number };

/**
 * `ferrite index dump <db-dump.tar.gz>`: descriptions, keywords, categories, owners, publishers
 * and downloads for the crates already indexed; with `addCrates` (`--add-crates`), the crates it
 * has that are not indexed are added first, with their versions and dependencies, which is how a
 * Ferrite export (`ferrite export`) becomes a hub again. A dump identical to the last one
 * imported is skipped, unless crates are to be added.
 */
export async function indexDump(database: Database, file: string, opts: { progress?: Progress; out?: NodeJS.WritableStream; addCrates?: boolean } = {}): Promise<IndexDumpResult> {
  const progress = opts.progress ?? createProgress();
  const log = new RunLog(database, opts.out ?? process.stderr);
  const started = performance.now();
  await log.begin('index dump', [file]);
  const sha256 = await hashFile(file);
  const [stored] = await database.db.select({ sha256: indexedFiles.sha256 }).from(indexedFiles).where(and(eq(indexedFiles.source, SOURCE), eq(indexedFiles.key, KEY)));
  if (stored?.sha256 === sha256 && !opts.addCrates) {
    await log.finish('completed', { unchanged: 1 });
    return { unchanged: true, seconds: (performance.now() - started) / 1000 };
  }
  progress.start(`db dump ${file}`, 'bytes', fs.statSync(file).size);
  try {
    // Dependencies are only needed to add crates; a registry's dump has tens of millions of them.
    const tables = (Object.keys(DUMP_TABLES) as DumpTable[]).filter((t) => opts.addCrates || t !== 'dependencies');
    const stats = await importDump(database, readDbDump(file, log.problem, 5000, (n) => progress.update(n), tables), {
      addCrates: opts.addCrates ? { origin: path.basename(file), problem: log.problem } : undefined,
    });
    await database.db
      .insert(indexedFiles)
      .values({ source: SOURCE, key: KEY, sha256, origin: file })
      .onConflictDoUpdate({ target: [indexedFiles.source, indexedFiles.key], set: { sha256, origin: file, indexedAt: sql`now()` } });
    progress.stop();
    const seconds = (performance.now() - started) / 1000;
    await log.finish('completed', { ...stats, seconds: Math.round(seconds * 10) / 10 });
    return { ...stats, unchanged: false, seconds };
  } catch (err) {
    progress.stop();
    await log.finish('failed', {}).catch(() => {});
    throw err;
  }
}

async function hashFile(file: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of fs.createReadStream(file)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

export function formatDumpSummary(r: IndexDumpResult): string {
  if (r.unchanged) return 'The dump is the one imported last time: nothing to do.';
  return [
    `Imported the crates.io dump in ${r.seconds.toFixed(1)} s: ${r.rows.toLocaleString('en')} rows read`,
    `  crates in dump: ${r.cratesInDump.toLocaleString('en')}; indexed crates updated: ${r.packagesUpdated}, versions updated: ${r.versionsUpdated}`,
    ...(r.cratesAdded !== undefined ? [`  crates added: ${r.cratesAdded.toLocaleString('en')} with ${(r.versionsAdded ?? 0).toLocaleString('en')} versions`] : []),
    `  owners: ${r.owners}, categories changed: ${r.categories}`,
  ].join('\n');
}
