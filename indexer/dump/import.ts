import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import type { DumpRows } from '../sources/db-dump.js';
import type { RunProblem } from '../../api/db/schema/index.js';
import { type AddedCrates, addMissingCrates } from './add-crates.js';
import { DUMP_TABLES, type DumpTable } from './tables.js';
import { COMPAT_TOPIC, SEARCH_TOPIC } from '../../api/outbox/topics.js';

export type DumpStats = { rows: number; cratesInDump: number; packagesUpdated: number; versionsUpdated: number; owners: number; categories: number } & Partial<AddedCrates>;

/** With `addCrates`, crates the hub has not indexed are added from the dump first (see add-crates.ts). */
export type ImportOptions = { addCrates?: { origin: string; problem: (p: RunProblem) => void } };

/** crates.io counts "recent downloads" over the last 90 days of `version_downloads`. */
const RECENT_DAYS = 90;

/**
 * Imports a crates.io database dump in one transaction: the CSV rows are staged in temporary
 * tables (so the dump's table order does not matter and memory stays flat), then applied to
 * the crates Ferrite has indexed with set-based statements. Rows that would not change are
 * left alone, so importing the same dump twice changes nothing.
 */
export async function importDump(database: Database, batches: AsyncIterable<DumpRows>, opts: ImportOptions = {}): Promise<DumpStats> {
  return database.db.transaction(async (tx) => {
    const exec = (q: ReturnType<typeof sql>) => database.rows(q, tx);
    for (const [table, cols] of Object.entries(DUMP_TABLES)) {
      await exec(sql.raw(`create temp table dump_${table} (${cols.map((c) => `"${c}" text`).join(', ')}) on commit drop`));
    }
    let rows = 0;
    for await (const batch of batches) {
      rows += batch.rows.length;
      await stage(exec, batch.table, batch.rows);
    }
    const added = opts.addCrates ? await addMissingCrates(database, tx, opts.addCrates.origin, opts.addCrates.problem) : {};
    const stats = await apply(exec);
    return { rows, ...added, ...stats };
  });
}

async function stage(exec: (q: ReturnType<typeof sql>) => Promise<unknown[]>, table: DumpTable, rows: Record<string, string>[]) {
  const cols = DUMP_TABLES[table] as readonly string[];
  const list = cols.map((c) => `"${c}"`).join(', ');
  const types = cols.map((c) => `"${c}" text`).join(', ');
  await exec(sql`${sql.raw(`insert into dump_${table} (${list}) select ${list} from json_to_recordset(`)}${JSON.stringify(rows)}${sql.raw(`::json) as x(${types})`)}`);
}

async function apply(exec: (q: ReturnType<typeof sql>) => Promise<unknown[]>): Promise<Omit<DumpStats, 'rows'>> {
  const one = async <T>(q: ReturnType<typeof sql>) => ((await exec(q)) as T[])[0]!;

  const { categories } = await one<{ categories: number }>(sql`
    with up as (
      insert into categories (slug, name, description, parent_slug)
      select slug, category, coalesce(description, ''), nullif(regexp_replace(slug, '(::)?[^:]+$', ''), '') from dump_categories
      on conflict (slug) do update set name = excluded.name, description = excluded.description, parent_slug = excluded.parent_slug
        where (categories.name, categories.description, categories.parent_slug) is distinct from (excluded.name, excluded.description, excluded.parent_slug)
      returning 1)
    select count(*)::int as categories from up`);

  await exec(sql`
    create temp table dump_matched on commit drop as
    select c.id as crate_id, p.id as package_id from dump_crates c
    join packages p on p.ecosystem = 'crates' and p.name_key = lower(replace(c.name, '-', '_'))`);

  const { cratesInDump } = await one<{ cratesInDump: number }>(sql`select count(*)::int as "cratesInDump" from dump_crates`);

  const { versionsUpdated } = await one<{ versionsUpdated: number }>(sql`
    with dv as (
      select m.package_id, d.num, nullif(d.license, '') as license, u.gh_login as publisher, nullif(d.downloads, '')::bigint as downloads,
        nullif(d.created_at, '')::timestamp at time zone 'UTC' as registry_created_at -- the dump writes UTC without a zone
      from dump_versions d join dump_matched m on m.crate_id = d.crate_id
      left join dump_users u on u.id = d.published_by
    ), up as (
      update versions v set license = dv.license, publisher = dv.publisher, downloads = dv.downloads, registry_created_at = dv.registry_created_at
      from dv where v.package_id = dv.package_id and v.num = dv.num
        and (v.license, v.publisher, v.downloads, v.registry_created_at) is distinct from (dv.license, dv.publisher, dv.downloads, dv.registry_created_at)
      returning v.package_id)
    select count(*)::int as "versionsUpdated" from up`);

  const { packagesUpdated } = await one<{ packagesUpdated: number }>(sql`
    with recent as (
      select d.crate_id, sum(vd.downloads::bigint) as downloads
      from dump_version_downloads vd join dump_versions d on d.id = vd.version_id
      where vd.date::date > (select max(date::date) from dump_version_downloads) - ${sql.raw(String(RECENT_DAYS))}
      group by d.crate_id
    ), kw as (
      select ck.crate_id, array_agg(k.keyword order by k.keyword) as keywords
      from dump_crates_keywords ck join dump_keywords k on k.id = ck.keyword_id group by ck.crate_id
    ), cat as (
      select cc.crate_id, array_agg(c.slug order by c.slug) as categories
      from dump_crates_categories cc join dump_categories c on c.id = cc.category_id group by cc.crate_id
    ), facts as (
      select m.package_id, nullif(c.description, '') as description, nullif(c.homepage, '') as homepage,
        nullif(c.documentation, '') as documentation, nullif(c.repository, '') as repository,
        nullif(dl.downloads, '')::bigint as downloads, r.downloads as recent_downloads,
        coalesce(kw.keywords, '{}') as keywords, coalesce(cat.categories, '{}') as categories
      from dump_crates c join dump_matched m on m.crate_id = c.id
      left join dump_crate_downloads dl on dl.crate_id = c.id
      left join recent r on r.crate_id = c.id
      left join kw on kw.crate_id = c.id
      left join cat on cat.crate_id = c.id
    ), up as (
      update packages p set description = f.description, homepage = f.homepage, documentation = f.documentation,
        repository = f.repository, downloads = f.downloads, recent_downloads = f.recent_downloads,
        keywords = f.keywords, categories = f.categories,
        license = (select v.license from versions v where v.package_id = p.id and v.num = p.default_version),
        updated_at = now()
      from facts f where p.id = f.package_id
        and (p.description, p.homepage, p.documentation, p.repository, p.downloads, p.recent_downloads, p.keywords, p.categories,
             p.license)
          is distinct from (f.description, f.homepage, f.documentation, f.repository, f.downloads, f.recent_downloads, f.keywords,
             f.categories, (select v.license from versions v where v.package_id = p.id and v.num = p.default_version))
      returning p.id
    ), queued as (
      insert into outbox (topic, key)
      select t.topic, up.id::text from up cross join (values (${SEARCH_TOPIC}::text), (${COMPAT_TOPIC}::text)) as t(topic)
      returning 1
    )
    select count(*)::int as "packagesUpdated" from up`);

  // Owners are replaced per crate: the dump is the registry's whole current list.
  await exec(sql`delete from registry_owners where source = 'crates.io' and package_id in (select package_id from dump_matched)`);
  const { owners } = await one<{ owners: number }>(sql`
    with ins as (
      insert into registry_owners (package_id, kind, login, name, source)
      select distinct m.package_id, case o.owner_kind when '1' then 'team' else 'user' end,
        coalesce(u.gh_login, t.login), coalesce(nullif(u.name, ''), nullif(t.name, '')), 'crates.io'
      from dump_crate_owners o join dump_matched m on m.crate_id = o.crate_id
      left join dump_users u on o.owner_kind <> '1' and u.id = o.owner_id
      left join dump_teams t on o.owner_kind = '1' and t.id = o.owner_id
      where coalesce(u.gh_login, t.login) is not null
      on conflict do nothing
      returning 1)
    select count(*)::int as owners from ins`);

  return { cratesInDump, packagesUpdated, versionsUpdated, owners, categories };
}

