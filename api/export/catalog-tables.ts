import { type SQL, sql } from 'drizzle-orm';
import type { IndexDep } from '../db/schema/index.js';
import { nameKey } from '../engine/formats/names.js';
import { type Cell, CsvFile, pgArray } from './csv-file.js';

export type Read = <T>(q: SQL) => Promise<T[]>;
export type Files = { get(table: string): CsvFile };

const BATCH = 2000;
/** crates.io's dump writes timestamps as UTC without a zone, to the microsecond. */
const ts = (expr: string) => sql.raw(`to_char((${expr}) at time zone 'UTC', 'YYYY-MM-DD HH24:MI:SS.US')`);
const DEP_KIND = { normal: 0, build: 1, dev: 2 } as const;

export type CatalogStats = { referencedOnly: number; otherRegistryDeps: number };

/**
 * The crates.io tables of the catalog, read in batches of ids up to the highest id seen at the
 * start (a crate indexed meanwhile is left out whole, so no row points at one that is missing).
 *
 * Ferrite keeps dependencies by name; the dump points at crate ids. A dependency on a crate Ferrite
 * has not indexed still needs a `crates` row to point at: such crates are written with their name
 * only and no versions, after the indexed ones. Dependencies on other registries have no crate
 * to point at and are left out (counted in the stats).
 */
export async function writeCatalogTables(read: Read, files: Files): Promise<CatalogStats> {
  const [bounds] = await read<{ p: number; v: number }>(sql`
    select coalesce(max(id), 0)::float8 as p, (select coalesce(max(id), 0)::float8 from versions) as v from packages`);
  const maxP = bounds!.p;
  const maxV = bounds!.v;
  const crateIds = new Map((await read<{ id: number; key: string }>(sql`
    select id::float8 as id, name_key as key from packages where ecosystem = 'crates' and id <= ${maxP}`)).map((r) => [r.key, r.id]));
  const referenced = await read<{ name: string; key: string }>(sql`
    select coalesce(min(e.dep->>'name') filter (where e.dep->>'package' is null), min(e.dep->>'package')) as name,
           lower(replace(coalesce(e.dep->>'package', e.dep->>'name'), '-', '_')) as key
    from versions v join packages p on p.id = v.package_id and p.ecosystem = 'crates'
    cross join lateral json_array_elements(v.deps) as e(dep)
    where v.id <= ${maxV} and e.dep->>'registry' is null
      and not exists (select 1 from packages t where t.ecosystem = 'crates' and t.name_key = lower(replace(coalesce(e.dep->>'package', e.dep->>'name'), '-', '_')))
    group by 2 order by 2`);
  referenced.forEach((r, i) => crateIds.set(r.key, maxP + i + 1));

  const categoryIds = await writeCategories(read, files.get('categories'), maxP);
  const keywordIds = await writeKeywords(read, files.get('keywords'), maxP);
  const users = await writeOwners(read, files, maxP, maxV);

  // crates, with their categories, keywords and downloads from the same rows
  let total = 0;
  for (let after = 0; ;) {
    const rows = await read<{ id: number; name: string; updated: string; created: string; description: string | null; homepage: string | null; documentation: string | null; repository: string | null; downloads: number | null; categories: string[]; keywords: string[] }>(sql`
      select p.id::float8 as id, p.name, ${ts('p.updated_at')} as updated,
             ${ts(`coalesce((select min(coalesce(v.registry_created_at, v.published_at)) from versions v where v.package_id = p.id), p.created_at)`)} as created,
             p.description, p.homepage, p.documentation, p.repository, p.downloads::float8 as downloads, p.categories, p.keywords
      from packages p where p.ecosystem = 'crates' and p.id > ${after} and p.id <= ${maxP} order by p.id limit ${BATCH}`);
    if (!rows.length) break;
    for (const r of rows) {
      await files.get('crates').write([r.id, r.name, r.updated, r.created, r.description, r.homepage, r.documentation, null, r.repository, null, null, false]);
      for (const c of new Set(r.categories)) await files.get('crates_categories').write([r.id, categoryIds.get(c)]);
      for (const k of new Set(r.keywords)) await files.get('crates_keywords').write([r.id, keywordIds.get(k)]);
      if (r.downloads !== null) {
        await files.get('crate_downloads').write([r.id, r.downloads]);
        total += r.downloads;
      }
    }
    after = rows.at(-1)!.id;
  }
  for (const r of referenced) await files.get('crates').write([crateIds.get(r.key), r.name, null, null, null, null, null, null, null, null, null, false]);
  await files.get('metadata').write([total]);

  const otherRegistryDeps = await writeVersions(read, files, { maxV, crateIds, users });

  for (const r of await read<{ crate: number; version: number; n: number }>(sql`
    select p.id::float8 as crate, v.id::float8 as version, p.version_count as n
    from packages p join versions v on v.package_id = p.id and v.num = coalesce(p.default_version, p.max_version)
    where p.ecosystem = 'crates' and p.id <= ${maxP} and v.id <= ${maxV} order by p.id`)) {
    await files.get('default_versions').write([r.crate, r.version, r.n]);
  }
  return { referencedOnly: referenced.length, otherRegistryDeps };
}

async function writeVersions(read: Read, files: Files, ctx: { maxV: number; crateIds: Map<string, number>; users: Map<string, number> }): Promise<number> {
  let depId = 0;
  let otherRegistry = 0;
  for (let after = 0; ;) {
    const rows = await read<{
      id: number; crate: number; num: string; created: string | null; downloads: number | null; features: Record<string, string[]> | null;
      features2: Record<string, string[]> | null; yanked: boolean; license: string | null; publisher: string | null; cksum: string | null;
      links: string | null; rust_version: string | null; deps: IndexDep[] | null;
    }>(sql`
      select v.id::float8 as id, v.package_id::float8 as crate, v.num, ${ts('coalesce(v.registry_created_at, v.published_at, v.created_at)')} as created,
             v.downloads::float8 as downloads, v.features, v.features2, v.yanked, v.license, v.publisher, v.cksum, v.links, v.rust_version, v.deps
      from versions v join packages p on p.id = v.package_id and p.ecosystem = 'crates'
      where v.id > ${after} and v.id <= ${ctx.maxV} order by v.id limit ${BATCH}`);
    if (!rows.length) break;
    for (const v of rows) {
      // crates.io keeps one feature map; the index splits the newer syntax into `features2`.
      const features = { ...(v.features ?? {}), ...(v.features2 ?? {}) };
      await files.get('versions').write([
        v.id, v.crate, v.num, v.num.replace(/\+.*$/, ''), v.created, v.created, v.downloads, JSON.stringify(features), v.yanked, v.license, null,
        v.publisher ? ctx.users.get(v.publisher) : null, v.cksum, v.links, v.rust_version, null, null, null, null, null, null, null, null, null, null, null,
      ] satisfies Cell[]);
      for (const d of v.deps ?? []) {
        if (d.registry) {
          otherRegistry++;
          continue;
        }
        const target = d.package ?? d.name;
        await files.get('dependencies').write([
          ++depId, v.id, ctx.crateIds.get(nameKey('crates', target)), d.req, d.optional, d.default_features, pgArray(d.features ?? []), d.target,
          DEP_KIND[d.kind ?? 'normal'], d.package ? d.name : null,
        ]);
      }
    }
    after = rows.at(-1)!.id;
  }
  return otherRegistry;
}

/** The category tree plus any slug a crate uses that the tree lacks (named by its slug), so every crate keeps its categories. */
async function writeCategories(read: Read, file: CsvFile, maxP: number): Promise<Map<string, number>> {
  const rows = await read<{ slug: string; name: string | null; description: string | null; n: number }>(sql`
    with used as (
      select c as slug, count(distinct p.id)::int as n from packages p cross join lateral unnest(p.categories) as c
      where p.ecosystem = 'crates' and p.id <= ${maxP} group by c
    )
    select coalesce(t.slug, u.slug) as slug, t.name, t.description, coalesce(u.n, 0) as n
    from categories t full join used u on u.slug = t.slug order by 1`);
  const ids = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    ids.set(r.slug, i + 1);
    // crates.io's `path` is an ltree: `root.` then the slug with `::` as `.` and `-` as `_`.
    await file.write([i + 1, r.name ?? r.slug, r.slug, r.description ?? '', r.n, null, `root.${r.slug.replace(/-/g, '_').replace(/::/g, '.')}`]);
  }
  return ids;
}

async function writeKeywords(read: Read, file: CsvFile, maxP: number): Promise<Map<string, number>> {
  const rows = await read<{ keyword: string; n: number }>(sql`
    select k as keyword, count(distinct p.id)::int as n from packages p cross join lateral unnest(p.keywords) as k
    where p.ecosystem = 'crates' and p.id <= ${maxP} group by k order by k`);
  const ids = new Map<string, number>();
  for (const [i, r] of rows.entries()) {
    ids.set(r.keyword, i + 1);
    await file.write([i + 1, r.keyword, r.n, null]);
  }
  return ids;
}

/**
 * Users and teams as crates.io lists them (owners) and publishers, numbered by login; their
 * GitHub ids are not known to Ferrite and are left empty.
 */
async function writeOwners(read: Read, files: Files, maxP: number, maxV: number) {
  const people = await read<{ login: string; name: string | null; team: boolean }>(sql`
    select login, max(name) as name, team from (
      select o.login, o.name, o.kind = 'team' as team from registry_owners o join packages p on p.id = o.package_id
      where p.ecosystem = 'crates' and p.id <= ${maxP}
      union all
      select v.publisher, null, false from versions v join packages p on p.id = v.package_id
      where p.ecosystem = 'crates' and v.id <= ${maxV} and v.publisher is not null
    ) x group by login, team order by team, login`);
  const users = new Map<string, number>();
  const teams = new Map<string, number>();
  for (const p of people) {
    const map = p.team ? teams : users;
    map.set(p.login, map.size + 1);
    if (p.team) await files.get('teams').write([map.size, p.login, null, p.name, null, null]);
    else await files.get('users').write([map.size, p.login, p.name, null, p.login, null]);
  }
  for (const o of await read<{ crate: number; login: string; team: boolean }>(sql`
    select distinct o.package_id::float8 as crate, o.login, o.kind = 'team' as team from registry_owners o join packages p on p.id = o.package_id
    where p.ecosystem = 'crates' and p.id <= ${maxP} order by 1, 2`)) {
    await files.get('crate_owners').write([o.crate, (o.team ? teams : users).get(o.login), null, null, o.team ? 1 : 0]);
  }
  return users;
}
