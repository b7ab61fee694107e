import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import { stringify } from 'csv-stringify/sync';
import { parse as parseToml } from 'smol-toml';
import tar from 'tar-stream';
import { SHARED_DATA } from './shared-data.js';

let dumps = 0;

/** The public columns of each dump table, in crates.io's own order (dump-db.toml). */
export function dumpColumns(): Record<string, string[]> {
  const toml = parseToml(fs.readFileSync(path.join(SHARED_DATA, 'crate-metadata', 'crates-io-db-dump-schema', 'dump-db.toml'), 'utf8')) as Record<string, { columns?: Record<string, string> }>;
  return Object.fromEntries(
    Object.entries(toml).filter(([, t]) => t.columns).map(([name, t]) => [name, Object.entries(t.columns!).filter(([, v]) => v === 'public').map(([c]) => c)]),
  );
}

/**
 * Writes a small `db-dump.tar.gz` in the real layout: `<timestamp>/data/<table>.csv` with a
 * header of every public column, plus `metadata.json`. Rows give only some columns; the rest
 * are empty, as NULLs are in the real dump. `appendRaw` adds text after a table's rows (to break it).
 */
export async function writeDbDump(tables: Record<string, Record<string, string | number | boolean | undefined>[]>, appendRaw: Record<string, string> = {}): Promise<string> {
  const columns = dumpColumns();
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-dump-')), 'db-dump.tar.gz');
  const pack = tar.pack();
  const written = new Promise<void>((resolve, reject) => {
    const ws = fs.createWriteStream(file);
    pack.pipe(createGzip()).pipe(ws).on('finish', resolve).on('error', reject);
  });
  const root = '2026-11-25-020000';
  pack.entry({ name: `${root}/metadata.json` }, JSON.stringify({ timestamp: new Date().toISOString(), crates_io_commit: `fixture-${++dumps}` }));
  for (const [table, rows] of Object.entries(tables)) {
    const cols = columns[table]!;
    const body = stringify([cols, ...rows.map((r) => cols.map((c) => (r[c] === undefined ? '' : String(r[c]))))]) + (appendRaw[table] ?? '');
    pack.entry({ name: `${root}/data/${table}.csv` }, body);
  }
  pack.finalize();
  await written;
  return file;
}
