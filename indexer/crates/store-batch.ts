import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../api/db/client.js';
import { type IndexRecord, toIndexColumns } from '../../api/engine/formats/index-record.js';
import type { ParsedCrateFile } from './parse-file.js';
import { COMPAT_TOPIC, SEARCH_TOPIC } from '../../api/outbox/topics.js';

export const CRATES_INDEX_SOURCE = 'crates-index';

export type BatchResult = { packagesChanged: number; versionsWritten: number; versionsRemoved: number };

/**
 * Writes a batch of crate files in one transaction with a handful of set-based statements:
 * packages, versions, removals, outbox rows and the checkpoint rows together, so a crash never
 * leaves a crate half-stored, and a file is marked done only with its rows.
 *
 * Rows travel as one JSON parameter unpacked by `json_to_recordset`; `json` columns keep the text
 * as sent, and JSON.stringify of a parsed line keeps its key order, so the line can be rebuilt.
 * Rows that would not change are not rewritten (`is distinct from`), so a re-run writes nothing.
 */
export async function storeCrateBatch(database: Database, files: ParsedCrateFile[], within?: Tx): Promise<BatchResult> {
  const withLines = files.filter((f) => f.lines.length > 0);
  const pkgs = JSON.stringify(
    withLines.map((f) => ({ name: f.name, key: f.key, dv: f.defaultVersion, mv: f.maxVersion, n: f.lines.length })),
  );
  const vers = JSON.stringify(withLines.flatMap((f) => f.lines.map((l) => versionRow(f.key, l.record))));
  const keep = JSON.stringify(withLines.filter((f) => f.complete).map((f) => ({ k: f.key, nums: f.lines.map((l) => l.record.vers) })));
  const checkpoints = JSON.stringify(files.map((f) => ({ k: f.key, sha: f.sha256, etag: f.etag, origin: f.origin })));

  // Inside a caller's transaction (a dump import) the batch is a savepoint of it.
  const transaction: Database['db']['transaction'] = within ? within.transaction.bind(within) : database.db.transaction.bind(database.db);
  return transaction(async (tx) => {
    const [pkg] = await database.rows<{ changed: number }>(sql`
      with upserted as (
        insert into packages (ecosystem, name, name_key, default_version, max_version, version_count)
        select 'crates', x.name, x.key, x.dv, x.mv, x.n
        from json_to_recordset(${pkgs}::json) as x(name text, key text, dv text, mv text, n int)
        on conflict (ecosystem, name_key) do update
          set name = excluded.name, default_version = excluded.default_version, max_version = excluded.max_version,
              version_count = excluded.version_count, updated_at = now()
          where (packages.name, packages.default_version, packages.max_version, packages.version_count)
            is distinct from (excluded.name, excluded.default_version, excluded.max_version, excluded.version_count)
        returning id
      )
      select count(*)::int as changed from upserted`, tx);

    const [ver] = await database.rows<{ written: number; removed: number }>(sql`
      with incoming as (
        select p.id as package_id, r.*
        from json_to_recordset(${vers}::json) as r(k text, vers text, yanked boolean, cksum text, deps json, features json,
          features2 json, links text, rust_version text, v smallint, extra json, pubtime timestamptz)
        join packages p on p.ecosystem = 'crates' and p.name_key = r.k
      ), written as (
        insert into versions (package_id, num, yanked, cksum, deps, features, features2, links, rust_version, index_v, index_extra, published_at)
        select package_id, vers, yanked, cksum, deps, features, features2, links, rust_version, v, extra, pubtime from incoming
        on conflict (package_id, num) do update
          set yanked = excluded.yanked, cksum = excluded.cksum, deps = excluded.deps, features = excluded.features,
              features2 = excluded.features2, links = excluded.links, rust_version = excluded.rust_version,
              index_v = excluded.index_v, index_extra = excluded.index_extra, published_at = excluded.published_at
          where (versions.yanked, versions.cksum, versions.deps::text, versions.features::text, versions.features2::text,
                 versions.links, versions.rust_version, versions.index_v, versions.index_extra::text, versions.published_at)
            is distinct from (excluded.yanked, excluded.cksum, excluded.deps::text, excluded.features::text, excluded.features2::text,
                 excluded.links, excluded.rust_version, excluded.index_v, excluded.index_extra::text, excluded.published_at)
        returning package_id
      ), removed as (
        -- An index file lists every version of its crate: a version it no longer lists is gone.
        delete from versions v using packages p, json_to_recordset(${keep}::json) as d(k text, nums text[])
        where p.ecosystem = 'crates' and p.name_key = d.k and v.package_id = p.id and not (v.num = any(d.nums))
        returning v.package_id
      ), outboxed as (
        insert into outbox (topic, key)
        select t.topic, c.package_id::text
        from (select package_id from written union select package_id from removed) c
        cross join (values (${SEARCH_TOPIC}::text), (${COMPAT_TOPIC}::text)) as t(topic)
        returning 1
      )
      select (select count(*) from written)::int as written, (select count(*) from removed)::int as removed`, tx);

    await database.rows(sql`
      insert into indexed_files (source, key, sha256, etag, origin)
      select ${CRATES_INDEX_SOURCE}, c.k, c.sha, c.etag, c.origin
      from json_to_recordset(${checkpoints}::json) as c(k text, sha text, etag text, origin text)
      on conflict (source, key) do update
        set sha256 = excluded.sha256, etag = excluded.etag, origin = excluded.origin, indexed_at = now()`, tx);

    return {
      packagesChanged: pkg?.changed ?? 0,
      versionsWritten: ver?.written ?? 0,
      versionsRemoved: ver?.removed ?? 0,
    };
  });
}

/** One version row for the JSON parameter; JSON.stringify of a parsed index line keeps its key order. */
function versionRow(k: string, r: IndexRecord) {
  const c = toIndexColumns(r);
  return { k, vers: c.num, yanked: c.yanked, cksum: c.cksum, deps: c.deps, features: c.features, features2: c.features2, links: c.links,
    rust_version: c.rustVersion, v: c.indexV, extra: c.indexExtra, pubtime: r.pubtime ?? null };
}

/** The ETags stored for these crates, for conditional requests to a sparse index. */
export async function storedEtags(database: Database, keys: string[]): Promise<Map<string, string>> {
  if (keys.length === 0) return new Map();
  const rows = await database.rows<{ key: string; etag: string }>(sql`
    select key, etag from indexed_files
    where source = ${CRATES_INDEX_SOURCE} and etag is not null and key in (select json_array_elements_text(${JSON.stringify(keys)}::json))`);
  return new Map(rows.map((r) => [r.key, r.etag]));
}

/** Which of these crate files are already stored with the same content. */
export async function unchangedKeys(database: Database, files: { key: string; sha256: string }[]): Promise<Set<string>> {
  if (files.length === 0) return new Set();
  const wanted = JSON.stringify(files.map((f) => ({ k: f.key, sha: f.sha256 })));
  const rows = await database.rows<{ key: string }>(sql`
    select f.key from indexed_files f join json_to_recordset(${wanted}::json) as w(k text, sha text)
      on f.source = ${CRATES_INDEX_SOURCE} and f.key = w.k and f.sha256 = w.sha`);
  return new Set(rows.map((r) => r.key));
}
