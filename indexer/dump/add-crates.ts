import { sql } from 'drizzle-orm';
import type { Database, Tx } from '../../api/db/client.js';
import type { RunProblem } from '../../api/db/schema/index.js';
import { fileHash, parseCrateFile } from '../crates/parse-file.js';
import { storeCrateBatch } from '../crates/store-batch.js';

const CRATES_PER_BATCH = 500;

export type AddedCrates = { cratesAdded: number; versionsAdded: number };

/**
 * Adds the crates of a staged dump that the hub has not indexed, with every version and its
 * dependencies: each crate's versions become the index lines crates.io would publish for them
 * (dependency kinds 0/1/2 → normal/build/dev, a renamed dependency's `explicit_name` its `name`
 * and the crate its `package`), and go through the indexer's own validation and writer, so a bad
 * row is reported with its crate and line, and skipped. Crates without versions (those a dump
 * lists only because something depends on them) are not added. Runs inside the import's
 * transaction; each batch is a savepoint of it.
 */
export async function addMissingCrates(database: Database, tx: Tx, origin: string, problem: (p: RunProblem) => void): Promise<AddedCrates> {
  const added: AddedCrates = { cratesAdded: 0, versionsAdded: 0 };
  // The staging tables have no keys; without these, each version's dependencies are a full scan.
  for (const [table, column] of [['dump_crates', 'id'], ['dump_versions', 'crate_id'], ['dump_dependencies', 'version_id']]) {
    await database.rows(sql.raw(`create index on ${table} (${column})`), tx);
    await database.rows(sql.raw(`analyze ${table}`), tx);
  }
  for (let after = ''; ;) {
    const crates = await database.rows<{ name: string; text: string }>(sql`
      with todo as (
        select c.id, c.name from dump_crates c
        where c.name > ${after} and exists (select 1 from dump_versions v where v.crate_id = c.id)
          and not exists (select 1 from packages p where p.ecosystem = 'crates' and p.name_key = lower(replace(c.name, '-', '_')))
        order by c.name limit ${CRATES_PER_BATCH}
      )
      select t.name, string_agg(json_build_object(
          'name', t.name, 'vers', v.num,
          'deps', coalesce((
            select json_agg(case when nullif(d.explicit_name, '') is null
              then json_build_object('name', dc.name, 'req', d.req, 'features', ${features}, 'optional', d.optional = 't',
                     'default_features', d.default_features = 't', 'target', nullif(d.target, ''), 'kind', ${kind})
              else json_build_object('name', d.explicit_name, 'req', d.req, 'features', ${features}, 'optional', d.optional = 't',
                     'default_features', d.default_features = 't', 'target', nullif(d.target, ''), 'kind', ${kind}, 'package', dc.name)
              end order by d.id::bigint)
            from dump_dependencies d join dump_crates dc on dc.id = d.crate_id where d.version_id = v.id), '[]'::json),
          'cksum', v.tar_sha256, 'features', coalesce(nullif(v.features, ''), '{}')::json, 'yanked', v.yanked = 't',
          'links', nullif(v.links, ''), 'rust_version', nullif(v.rust_version, ''))::text, E'\n' order by v.id::bigint) as text
      from todo t join dump_versions v on v.crate_id = t.id
      group by t.name order by t.name`, tx);
    if (!crates.length) break;
    const parsed = crates.map((c) => parseCrateFile({ name: c.name, text: c.text, origin: `${origin}:crates/${c.name}` }, fileHash(c.text), problem))
      .filter((f) => f.lines.length > 0);
    const r = await storeCrateBatch(database, parsed, tx);
    added.cratesAdded += parsed.length;
    added.versionsAdded += r.versionsWritten;
    after = crates.at(-1)!.name;
  }
  return added;
}

/** The dump writes `text[]` as a PostgreSQL array literal. */
const features = sql.raw(`to_json(coalesce(nullif(d.features, '')::text[], '{}'::text[]))`);
const kind = sql.raw(`case d.kind when '1' then 'build' when '2' then 'dev' else 'normal' end`);
