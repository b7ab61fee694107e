import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { SQL } from 'drizzle-orm';
import tar from 'tar-stream';
import type { Database, DbOrTx } from '../db/client.js';
import { writeCatalogTables } from './catalog-tables.js';
import { CsvFile } from './csv-file.js';
import { writeFerriteTables } from './ferrite-tables.js';
import { DUMP_LAYOUT, EXPORT_COLUMNS, type ExportTable, FERRITE_LAYOUT, FERRITE_TABLE_NOTES } from './layout.js';

export type ExportResult = { file: string; bytes: number; rows: Record<string, number>; referencedOnly: number; otherRegistryDeps: number; seconds: number };

/**
 * Writes the catalog as a crates.io-style database dump: `<YYYY-MM-DD-HHMMSS>/metadata.json`,
 * `README.md` and `data/<table>.csv` for every public table of crates.io's dump (those Ferrite
 * has no data for hold their header only), plus Ferrite's own tables as `data/ferrite_*.csv`.
 *
 * Each table streams from the database into its own temporary CSV file, then the files stream
 * into the gzipped tar (a tar entry must state its size first); nothing holds a whole table. The
 * archive appears at `out` only when complete (written beside it, then renamed).
 *
 * On a PostgreSQL server every table is read in one read-only snapshot. The embedded database
 * has a single connection, which such a transaction would hold for the whole export, stopping the
 * hub; there, rows are bounded by the highest ids seen at the start instead, so no row points at
 * one the archive lacks.
 */
export async function writeExport(database: Database, out: string, opts: { now?: Date } = {}): Promise<ExportResult> {
  const started = performance.now();
  const now = opts.now ?? new Date();
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-export-'));
  const partial = `${out}.partial-${process.pid}`;
  try {
    const files = new Map<ExportTable, CsvFile>();
    for (const [table, columns] of Object.entries(EXPORT_COLUMNS)) files.set(table as ExportTable, new CsvFile(path.join(scratch, `${table}.csv`), columns));
    const get = (t: string) => files.get(t as ExportTable)!;
    const fill = async (on: DbOrTx) => {
      const read = <T>(q: SQL) => database.rows<T>(q, on);
      const stats = await writeCatalogTables(read, { get });
      await writeFerriteTables(read, { get });
      return stats;
    };
    const stats = await (database.kind === 'postgres'
      ? database.db.transaction(fill, { isolationLevel: 'repeatable read', accessMode: 'read only' })
      : fill(database.db)
    ).catch(async (err) => {
      for (const f of files.values()) await f.abort();
      throw err;
    });
    for (const f of files.values()) await f.close();

    fs.mkdirSync(path.dirname(path.resolve(out)), { recursive: true });
    const root = now.toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '');
    const pack = tar.pack();
    const written = pipeline(pack, createGzip(), fs.createWriteStream(partial));
    const text = (name: string, body: string) => new Promise<void>((resolve, reject) => pack.entry({ name: `${root}/${name}`, mtime: now }, body, (err) => (err ? reject(err) : resolve())));
    await text('metadata.json', `${JSON.stringify(metadata(now, files), null, 2)}\n`);
    await text('README.md', readme());
    for (const [table, f] of files) {
      const entry = pack.entry({ name: `${root}/data/${table}.csv`, size: fs.statSync(f.path).size, mtime: now });
      await pipeline(fs.createReadStream(f.path), entry);
    }
    pack.finalize();
    await written;
    fs.renameSync(partial, out);
    return {
      file: out,
      bytes: fs.statSync(out).size,
      rows: Object.fromEntries([...files].map(([t, f]) => [t, f.rows])),
      ...stats,
      seconds: (performance.now() - started) / 1000,
    };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
    fs.rmSync(partial, { force: true });
  }
}

/** crates.io's metadata.json (`timestamp`, `crates_io_commit`), plus what Ferrite adds. */
function metadata(now: Date, files: Map<ExportTable, CsvFile>) {
  return {
    timestamp: now.toISOString(),
    crates_io_commit: null,
    ferrite: {
      layout: 'crates.io database dump (dump-db.toml public tables and columns)',
      tables: Object.fromEntries([...files].map(([t, f]) => [t, f.rows])),
      extra_tables: Object.keys(FERRITE_LAYOUT),
    },
  };
}

function readme(): string {
  return [
    '# Ferrite catalog export',
    '',
    'The tables and columns of crates.io\'s public database dump, as CSV with a header row (NULL is an empty field,',
    'booleans are t/f, times are UTC). Ferrite fills what it knows: crates indexed here, their versions and',
    'dependencies, categories, keywords, owners, publishers and downloads where a registry dump supplied them.',
    'A crate that indexed crates depend on but Ferrite has not indexed appears in crates.csv with its name only.',
    `Tables without data here keep their header: ${Object.keys(DUMP_LAYOUT).filter((t) => ['deleted_crates', 'oauth_github', 'reserved_crate_names', 'reserved_usernames', 'version_downloads'].includes(t)).join(', ')}.`,
    '',
    'Ferrite\'s own tables:',
    '',
    ...Object.entries(FERRITE_TABLE_NOTES).map(([t, note]) => `- data/${t}.csv: ${note}`),
    '',
  ].join('\n');
}
