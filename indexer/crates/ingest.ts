import type { Database } from '../../api/db/client.js';
import type { RunProblem } from '../../api/db/schema/index.js';
import type { IndexFile } from '../sources/crates-index-files.js';
import { type ParsedCrateFile, parseCrateFile } from './parse-file.js';
import { storeCrateBatch, unchangedKeys } from './store-batch.js';

export type IngestStats = {
  files: number;
  filesUnchanged: number;
  versionsRead: number;
  linesSkipped: number;
  packagesChanged: number;
  versionsWritten: number;
  versionsRemoved: number;
};

export type IngestOptions = {
  problem: (p: RunProblem) => void;
  /** Called after each stored batch with the running totals. */
  onBatch?: (stats: IngestStats) => void;
  /** Flush a batch at this many lines or this many bytes, whichever comes first. */
  batchLines?: number;
  batchBytes?: number;
};

/**
 * Streams index files into the database in batches. Parsing the next batch overlaps with
 * writing the previous one; at most one batch is in flight, so memory stays flat however large
 * the input is.
 */
export async function ingestCrateFiles(database: Database, files: AsyncIterable<IndexFile>, opts: IngestOptions): Promise<IngestStats> {
  const stats: IngestStats = { files: 0, filesUnchanged: 0, versionsRead: 0, linesSkipped: 0, packagesChanged: 0, versionsWritten: 0, versionsRemoved: 0 };
  const maxLines = opts.batchLines ?? 5000;
  const maxBytes = opts.batchBytes ?? 8 * 1024 * 1024;
  let batch: ParsedCrateFile[] = [];
  let lines = 0;
  let bytes = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const problem = (p: RunProblem) => {
    stats.linesSkipped++;
    opts.problem(p);
  };

  const flush = async (files: ParsedCrateFile[]) => {
    const unchanged = await unchangedKeys(database, files);
    stats.filesUnchanged += unchanged.size;
    const todo = files.filter((f) => !unchanged.has(f.key));
    if (todo.length) {
      const r = await storeCrateBatch(database, todo);
      stats.packagesChanged += r.packagesChanged;
      stats.versionsWritten += r.versionsWritten;
      stats.versionsRemoved += r.versionsRemoved;
    }
    opts.onBatch?.(stats);
  };

  const dispatch = async () => {
    const ready = batch;
    batch = [];
    lines = 0;
    bytes = 0;
    await inFlight;
    inFlight = flush(ready);
  };

  for await (const file of files) {
    const parsed = parseCrateFile(file, problem);
    stats.files++;
    stats.versionsRead += parsed.lines.length;
    batch.push(parsed);
    lines += parsed.lines.length;
    bytes += file.text.length;
    if (lines >= maxLines || bytes >= maxBytes) await dispatch();
  }
  if (batch.length) await dispatch();
  await inFlight;
  return stats;
}
