import type { Database } from '../../api/db/client.js';
import type { RunProblem } from '../../api/db/schema/index.js';
import type { IndexFile } from '../sources/crates-index-files.js';
import { crateNameProblem, nameKey } from '../../api/engine/formats/names.js';
import { quote } from '../../api/engine/formats/untrusted-json.js';
import { fileHash, type ParsedCrateFile, parseCrateFile } from './parse-file.js';
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
  let batch: { file: IndexFile; key: string; sha256: string }[] = [];
  let lines = 0;
  let bytes = 0;
  let inFlight: Promise<void> = Promise.resolve();

  const problem = (p: RunProblem) => {
    stats.linesSkipped++;
    opts.problem(p);
  };

  // Unchanged files are recognised by hash before any line is parsed, so a re-run is cheap.
  // Parsing happens while the previous batch is still being written: the two overlap.
  const dispatch = async () => {
    const ready = batch;
    batch = [];
    lines = 0;
    bytes = 0;
    const unchanged = await unchangedKeys(database, ready);
    stats.filesUnchanged += unchanged.size;
    const todo: ParsedCrateFile[] = [];
    for (const f of ready) {
      if (unchanged.has(f.key)) continue;
      const parsed = parseCrateFile(f.file, f.sha256, problem);
      stats.versionsRead += parsed.lines.length;
      todo.push(parsed);
    }
    await inFlight;
    inFlight = store(todo);
  };

  const store = async (todo: ParsedCrateFile[]) => {
    if (todo.length) {
      const r = await storeCrateBatch(database, todo);
      stats.packagesChanged += r.packagesChanged;
      stats.versionsWritten += r.versionsWritten;
      stats.versionsRemoved += r.versionsRemoved;
    }
    opts.onBatch?.(stats);
  };

  try {
    for await (const file of files) {
      stats.files++;
      // A lone file takes its crate's name from its first record, which may be anything
      // (`../../../etc/passwd`); such a file is refused whole, as one problem.
      const bad = crateNameProblem(file.name);
      if (bad) {
        problem({ file: file.origin, reason: `${quote(file.name)}: ${bad}` });
        continue;
      }
      batch.push({ file, key: nameKey('crates', file.name), sha256: fileHash(file.text) });
      // Lines are counted roughly (newlines) to size batches before parsing.
      lines += countLines(file.text);
      bytes += file.text.length;
      if (lines >= maxLines || bytes >= maxBytes) await dispatch();
    }
    if (batch.length) await dispatch();
  } catch (err) {
    // A failing source must not leave a write running behind the caller's back.
    await inFlight.catch(() => {});
    throw err;
  }
  await inFlight;
  return stats;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
