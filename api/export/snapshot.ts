import fs from 'node:fs';
import path from 'node:path';
import type { Database } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import { safeError } from '../lib/safe-error.js';
import { type ExportResult, writeExport } from './write.js';

export const SNAPSHOT_FILE = 'latest.tar.gz';
/** A snapshot is rewritten once it is this old: "regenerated at most daily". */
export const SNAPSHOT_MAX_AGE_MS = 24 * 60 * 60 * 1000;
const CHECK_EVERY_MS = 60 * 60 * 1000;
/** The first check waits a little, so a first indexing run starting with the hub goes first. */
const FIRST_CHECK_MS = 10 * 60 * 1000;

export type Snapshot = { file: string; bytes: number; modified: Date };

/** The current snapshot in `dir`, if one was written. */
export function currentSnapshot(dir: string): Snapshot | null {
  const file = path.join(dir, SNAPSHOT_FILE);
  try {
    const st = fs.statSync(file);
    return st.isFile() ? { file, bytes: st.size, modified: st.mtime } : null;
  } catch {
    return null;
  }
}

/** Writes a new snapshot when there is none or it is a day old; otherwise does nothing and returns null. */
export async function refreshSnapshot(database: Database, dir: string, now = new Date()): Promise<ExportResult | null> {
  const current = currentSnapshot(dir);
  if (current && now.getTime() - current.modified.getTime() < SNAPSHOT_MAX_AGE_MS) return null;
  fs.mkdirSync(dir, { recursive: true });
  return writeExport(database, path.join(dir, SNAPSHOT_FILE), { now });
}

/**
 * The hub's daily export: checks every hour and rewrites `<dir>/latest.tar.gz` when a day old.
 * The file is replaced by a rename once complete, so a download in progress keeps reading the
 * old one. Several hubs on one server database may each write their own (they have their own dirs).
 */
export function startDailySnapshot(database: Database, dir: string, logger: Pick<Logger, 'info' | 'warn'>, opts: { firstCheckMs?: number } = {}) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await refreshSnapshot(database, dir);
      if (r) logger.info({ file: r.file, bytes: r.bytes, seconds: Math.round(r.seconds * 10) / 10 }, 'export snapshot written');
    } catch (err) {
      logger.warn({ err: safeError(err) }, 'export snapshot failed; will retry within the hour');
    } finally {
      running = false;
    }
  };
  const first = setTimeout(tick, opts.firstCheckMs ?? FIRST_CHECK_MS);
  const timer = setInterval(tick, CHECK_EVERY_MS);
  first.unref();
  timer.unref();
  return { stop: () => (clearTimeout(first), clearInterval(timer)) };
}
