import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Database } from '../../api/db/client.js';
import { nameKey } from '../../api/engine/formats/names.js';
import { openLocalIndex } from '../../indexer/sources/crates-index-files.js';

/**
 * The ceiling for the indexer: the same package and version rows, already parsed in memory,
 * sent with PostgreSQL's bulk `COPY` into the same (empty, freshly migrated) tables, with their
 * indexes, foreign keys and WAL, as the indexer writes into. Only the COPY is timed.
 */
export async function copyBaseline(database: Database, input: string) {
  if (!database.sql) throw new Error('the COPY baseline needs a PostgreSQL server (DATABASE_URL)');
  const sql = database.sql;
  const pkgs: string[] = [];
  const vers: string[] = [];
  let id = 0;
  for await (const file of openLocalIndex(input).files()) {
    const pid = ++id;
    pkgs.push(`${pid}\tcrates\t${esc(file.name)}\t${esc(nameKey('crates', file.name))}\n`);
    for (const line of file.text.split('\n')) {
      if (!line.trim()) continue;
      const r = JSON.parse(line);
      vers.push([pid, esc(r.vers), r.yanked ? 't' : 'f', r.cksum, esc(JSON.stringify(r.deps)), esc(JSON.stringify(r.features)),
        r.features2 ? esc(JSON.stringify(r.features2)) : '\\N', r.links ? esc(r.links) : '\\N', r.rust_version ? esc(r.rust_version) : '\\N',
        r.v ?? '\\N'].join('\t') + '\n');
    }
  }
  const started = performance.now();
  await pipeline(Readable.from(pkgs), await sql`copy packages (id, ecosystem, name, name_key) from stdin`.writable());
  await pipeline(Readable.from(vers), await sql`copy versions (package_id, num, yanked, cksum, deps, features, features2, links, rust_version, index_v) from stdin`.writable());
  return { copySeconds: (performance.now() - started) / 1000, versions: vers.length };
}

/** COPY text format: backslash, tab and newline are escaped. */
function esc(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}
