import fs from 'node:fs';
import pMap from 'p-map';
import type { Database } from '../../api/db/client.js';
import { archiveTarget, type ArchiveTarget, recordArchive, storedArchive } from '../../api/archives/service.js';
import { ArchiveRefused, type ArchiveStore } from '../../api/archives/store.js';
import { downloadUrl, fetchArchive, readDlTemplate } from '../../api/archives/upstream.js';
import { createProgress, type Progress } from '../progress.js';
import { RunLog } from '../run-log.js';
import { type CachedArchive, cargoCacheArchives } from '../archives/cargo-cache.js';
import { versionsWithoutArchive } from '../archives/wanted.js';

export type IndexArchivesOptions = {
  store: ArchiveStore;
  /** Where cargo keeps its download cache ($CARGO_HOME). */
  cargoHome: string;
  /** The sparse index whose `dl` archives are downloaded from; null: no downloads. */
  upstreamIndex: string | null;
  allVersions?: boolean;
  /** Only import what cargo's cache already holds: no network at all. */
  fromCargoCache?: boolean;
  crates?: string[];
  concurrency?: number;
  fetch?: typeof fetch;
  attempts?: number;
  backoffMs?: number;
  progress?: Progress;
  out?: NodeJS.WritableStream;
};

export type IndexArchivesResult = {
  /** Archives in cargo's cache: imported, already stored, or not indexed here (ignored). */
  cached: { imported: number; alreadyStored: number; notIndexed: number };
  downloaded: number;
  /** Archives refused because their sha256 is not the index cksum (or they are too large). */
  refused: number;
  failed: number;
  /** Stored, but whose contents could not be read (no facts). */
  unreadable: number;
  bytes: number;
  seconds: number;
};

/**
 * `ferrite index archives`: imports the `.crate` files in cargo's own cache, then (unless
 * --from-cargo-cache) downloads the newest non-yanked version of each indexed crate still missing,
 * from the upstream index's `dl`. Every archive is verified against the index cksum; failures are
 * reported and never stop the run; a re-run skips what is stored, so an interrupted run resumes.
 */
export async function indexArchives(database: Database, opts: IndexArchivesOptions): Promise<IndexArchivesResult> {
  const log = new RunLog(database, opts.out ?? process.stderr);
  await log.begin('index archives', [opts.cargoHome, ...(opts.fromCargoCache ? [] : [opts.upstreamIndex ?? 'no upstream'])]);
  const started = performance.now();
  const r: IndexArchivesResult = { cached: { imported: 0, alreadyStored: 0, notIndexed: 0 }, downloaded: 0, refused: 0, failed: 0, unreadable: 0, bytes: 0, seconds: 0 };
  const stats = () => ({ imported: r.cached.imported, alreadyStored: r.cached.alreadyStored, downloaded: r.downloaded, refused: r.refused, failed: r.failed, unreadable: r.unreadable, bytes: r.bytes });
  try {
    await importAndDownload(database, opts, log, r);
  } catch (err) {
    await log.finish('failed', stats()).catch(() => {});
    throw err;
  }
  r.seconds = (performance.now() - started) / 1000;
  await log.finish('completed', stats());
  return r;
}

/** The body of `indexArchives`: cargo's cache first, then downloads; counts go to `r`, problems to `log`. */
async function importAndDownload(database: Database, opts: IndexArchivesOptions, log: RunLog, r: IndexArchivesResult) {
  const { db } = database;
  const concurrency = opts.concurrency ?? 4;
  const progress = opts.progress ?? createProgress();
  let done = 0;
  const advance = () => progress.update(++done, { imported: r.cached.imported, downloaded: r.downloaded, refused: r.refused, failed: r.failed });

  const record = async (t: ArchiveTarget, size: number, origin: 'cargo-cache' | 'download', file: string) => {
    const rec = await recordArchive(db, opts.store, t, { size, origin });
    if (rec.facts === 'unreadable') r.unreadable++;
    for (const reason of rec.problems) log.problem({ file, reason });
    r.bytes += size;
  };

  const cached = [...cargoCacheArchives(opts.cargoHome, (file) => log.problem({ file, reason: 'not named <crate>-<version>.crate; ignored' }))];
  progress.start(`archives from cargo's cache (${opts.cargoHome})`, 'archives', cached.length);
  await pMap(cached, async (c) => {
    await importCached(c);
    advance();
  }, { concurrency });
  progress.stop();

  async function importCached(c: CachedArchive) {
    const t = await archiveTarget(db, c.name, c.version);
    if (!t || (opts.crates?.length && !opts.crates.includes(t.name))) {
      r.cached.notIndexed++;
      return;
    }
    const prior = await storedArchive(db, t.packageId, t.num);
    if (prior?.sha256 === t.cksum && opts.store.has(t.cksum)) {
      r.cached.alreadyStored++;
      return;
    }
    try {
      const { size } = await opts.store.put(fs.createReadStream(c.file), t.cksum);
      await record(t, size, 'cargo-cache', c.file);
      r.cached.imported++;
    } catch (err) {
      if (err instanceof ArchiveRefused) r.refused++;
      else r.failed++;
      log.problem({ file: c.file, reason: (err as Error).message });
    }
  }

  if (!opts.fromCargoCache) {
    const missing = await versionsWithoutArchive(db, { allVersions: opts.allVersions ?? false, crates: opts.crates });
    let template: string | null = null;
    if (missing.length && !opts.upstreamIndex) log.problem({ file: 'FERRITE_UPSTREAM_INDEX', reason: `${missing.length} archives missing and no upstream index configured (nor one in cargo's configuration or cache); not downloaded` });
    else if (missing.length) {
      try {
        template = await readDlTemplate(opts.upstreamIndex!, opts.fetch);
      } catch (err) {
        log.problem({ file: `${opts.upstreamIndex}config.json`, reason: `${(err as Error).message}; ${missing.length} archives not downloaded` });
      }
    }
    if (template) {
      done = 0;
      progress.start(`archives from ${opts.upstreamIndex}`, 'archives', missing.length);
      await pMap(missing, async (t) => {
        const url = downloadUrl(template!, t.name, t.num, t.cksum);
        try {
          const got = opts.store.has(t.cksum)
            ? { size: opts.store.size(t.cksum) } // stored by a run that stopped before recording it
            : await fetchArchive(opts.store, url, t.cksum, { fetch: opts.fetch, attempts: opts.attempts, backoffMs: opts.backoffMs });
          await record(t, got.size, 'download', url);
          r.downloaded++;
        } catch (err) {
          if (err instanceof ArchiveRefused) r.refused++;
          else r.failed++;
          log.problem({ file: url, reason: `${t.name} ${t.num}: ${(err as Error).message}` });
        }
        advance();
      }, { concurrency: opts.concurrency ?? 8 });
      progress.stop();
    }
  }
}

export function formatArchivesSummary(r: IndexArchivesResult): string {
  const mb = (r.bytes / 1024 / 1024).toFixed(1);
  return `Archives in ${r.seconds.toFixed(1)} s: ${r.cached.imported} imported from cargo's cache (${r.cached.alreadyStored} already stored, ${r.cached.notIndexed} not indexed here), `
    + `${r.downloaded} downloaded, ${r.refused} refused (checksum or size), ${r.failed} failed, ${r.unreadable} unreadable; ${mb} MB stored`;
}

/** What the archive step of a larger run (`index crates`, the first start) gives: its result, or why it stopped. */
export type ArchiveStepResult = IndexArchivesResult | { error: string };

/**
 * `indexArchives` as one step of a larger run: it never fails that run. Single archives already
 * fail alone; this catches the rest (the database gone away), and a re-run resumes.
 */
export async function archiveStep(database: Database, opts: IndexArchivesOptions): Promise<ArchiveStepResult> {
  try {
    return await indexArchives(database, opts);
  } catch (err) {
    return { error: (err as Error).message };
  }
}

export function formatArchiveStep(r: ArchiveStepResult): string {
  return 'error' in r ? `archives: stopped early (${r.error}); a re-run resumes them` : formatArchivesSummary(r);
}
