import fs from 'node:fs';
import type { Database } from '../../api/db/client.js';
import { ingestCrateFiles, type IngestStats } from '../crates/ingest.js';
import { storedEtags } from '../crates/store-batch.js';
import { createProgress, type Progress } from '../progress.js';
import { RunLog } from '../run-log.js';
import { type IndexFile, openLocalIndex } from '../sources/crates-index-files.js';
import { readSparseConfig, SourceUnreachable, sparseIndexFiles } from '../sources/sparse-index.js';
import { archiveStep, formatArchiveStep, type ArchiveStepResult, type IndexArchivesOptions } from './index-archives.js';

export type IndexCratesOptions = {
  /** Crate names to fetch from a sparse index (which has no listing). */
  crates?: string[];
  concurrency?: number;
  progress?: Progress;
  out?: NodeJS.WritableStream;
  fetch?: typeof fetch;
  /**
   * After the index records, the archive step (`ferrite index archives`) for every indexed crate
   * still missing its archive; `--no-archives` leaves this unset.
   */
  archives?: Omit<IndexArchivesOptions, 'out' | 'fetch'>;
};

export type IndexCratesResult = IngestStats & {
  seconds: number; notModified: number; unreachable: string[];
  /** The archive step's result; null when it was not asked for, or a reason when it could not run. */
  archives: ArchiveStepResult | null;
};

/**
 * `ferrite index crates <dir|file|.tar.gz|sparse-url>…`: loads each input in turn. An input that
 * cannot be reached is reported in one line and skipped; the others still load.
 */
export async function indexCrates(database: Database, inputs: string[], opts: IndexCratesOptions = {}): Promise<IndexCratesResult> {
  const out = opts.out ?? process.stderr;
  const progress = opts.progress ?? createProgress();
  const log = new RunLog(database, out);
  await log.begin('index crates', inputs);
  const started = performance.now();
  const total: IndexCratesResult = {
    files: 0, filesUnchanged: 0, versionsRead: 0, linesSkipped: 0, packagesChanged: 0, versionsWritten: 0, versionsRemoved: 0,
    seconds: 0, notModified: 0, unreachable: [], archives: null,
  };
  try {
    for (const input of inputs) {
      const opened = await openInput(database, input, opts, log, progress, total, out);
      if (!opened) continue;
      const stats = await ingestCrateFiles(database, opened.files, {
        problem: log.problem,
        onBatch: (s) => progress.update(opened.position(s), { versions: s.versionsRead, written: s.versionsWritten }),
      });
      progress.stop();
      for (const k of Object.keys(stats) as (keyof IngestStats)[]) total[k] += stats[k];
    }
    total.seconds = (performance.now() - started) / 1000;
    await log.finish('completed', summaryStats(total));
  } catch (err) {
    progress.stop();
    await log.finish('failed', summaryStats(total)).catch(() => {});
    throw err;
  }
  if (opts.archives) total.archives = await archiveStep(database, { ...opts.archives, fetch: opts.fetch, out });
  return total;
}

type OpenedInput = { files: AsyncIterable<IndexFile>; position: (s: IngestStats) => number };

async function openInput(
  database: Database, input: string, opts: IndexCratesOptions, log: RunLog, progress: Progress,
  total: IndexCratesResult, out: NodeJS.WritableStream,
): Promise<OpenedInput | null> {
  if (/^https?:\/\//.test(input)) {
    const names = opts.crates ?? [];
    if (names.length === 0) {
      out.write(`skipped ${input}: a sparse index has no listing; name the crates with --crates or --crates-file\n`);
      return null;
    }
    try {
      await readSparseConfig(input, opts.fetch);
    } catch (err) {
      if (!(err instanceof SourceUnreachable)) throw err;
      out.write(`skipped ${input}: ${err.message}\n`);
      total.unreachable.push(input);
      return null;
    }
    const etags = await storedEtags(database, names.map((n) => n.toLowerCase().replace(/-/g, '_')));
    progress.start(`crates from ${input}`, 'crates', names.length);
    let notModified = 0;
    const files = sparseIndexFiles(input, names, {
      etags,
      concurrency: opts.concurrency,
      problem: log.problem,
      fetch: opts.fetch,
      onNotModified: () => {
        total.notModified++;
        notModified++;
      },
    });
    return { files, position: (s) => s.files + notModified };
  }
  if (!fs.existsSync(input)) {
    out.write(`skipped ${input}: no such file or directory\n`);
    total.unreachable.push(input);
    return null;
  }
  const source = openLocalIndex(input);
  let done = 0;
  const files = source.files(({ unit, total: size }) => {
    progress.start(source.describe, unit, size);
    return (d) => {
      done = d;
    };
  });
  return { files, position: () => done };
}

function summaryStats(t: IndexCratesResult): Record<string, number> {
  return {
    files: t.files, filesUnchanged: t.filesUnchanged, notModified: t.notModified, versionsRead: t.versionsRead,
    linesSkipped: t.linesSkipped, packagesChanged: t.packagesChanged, versionsWritten: t.versionsWritten,
    versionsRemoved: t.versionsRemoved, seconds: Math.round(t.seconds * 10) / 10,
  };
}

export function formatSummary(t: IndexCratesResult): string {
  const n = (x: number) => x.toLocaleString('en');
  const rate = t.seconds > 0 ? Math.round(t.versionsRead / t.seconds) : 0;
  return [
    `Indexed ${n(t.files)} crate files (${n(t.filesUnchanged)} unchanged${t.notModified ? `, ${n(t.notModified)} not modified` : ''}) in ${t.seconds.toFixed(1)} s`,
    `  versions: ${n(t.versionsRead)} read, ${n(t.versionsWritten)} written, ${n(t.versionsRemoved)} removed (${n(rate)} versions/s)`,
    `  packages changed: ${n(t.packagesChanged)}`,
    `  lines skipped: ${n(t.linesSkipped)}${t.unreachable.length ? `; inputs skipped: ${t.unreachable.join(', ')}` : ''}`,
    ...(t.archives === null ? [] : [`  ${formatArchiveStep(t.archives)}`]),
  ].join('\n');
}
