import { sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { countDependents } from './graph.js';
import { SEARCH_TOPIC } from '../outbox/topics.js';

export type RefreshResult = { crates: number; edges: number; changed: number; seconds: number };

/**
 * Rebuilds the reverse-dependency edges and counts from the stored index records, in one
 * transaction, so readers see either the old graph or the new one, never half of each.
 *
 * The rule: crate A is used by crate B when B's default version (its newest non-yanked version,
 * as crates.io picks it) lists A as a `normal` or `build` dependency, optional or not, on any
 * target. Dev-dependencies are left out: they are not needed to use B. A dependency renamed in
 * B's manifest counts for the crate it names in `package`; one from another registry does not
 * count. Only crates in the catalog are counted, both as dependents and as dependencies.
 *
 * Packages whose counts changed get a search outbox row, so their search documents follow.
 */
export async function refreshDependents(database: Database): Promise<RefreshResult> {
  const started = performance.now();
  return database.db.transaction(async (tx) => {
    const exec = <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => database.rows<T>(q, tx);
    await exec(sql`delete from dependency_edges`);
    await exec(sql`
      insert into dependency_edges (package_id, dependent_id, req, kinds, optional)
      select t.id, p.id, (array_agg(e.dep->>'req' order by e.ord))[1],
             array_agg(distinct coalesce(e.dep->>'kind', 'normal') order by coalesce(e.dep->>'kind', 'normal')),
             bool_and(coalesce((e.dep->>'optional')::boolean, false))
      from packages p
      join versions v on v.package_id = p.id and v.num = p.default_version
      cross join lateral json_array_elements(v.deps) with ordinality as e(dep, ord)
      join packages t on t.ecosystem = 'crates' and t.name_key = lower(replace(coalesce(e.dep->>'package', e.dep->>'name'), '-', '_'))
      where p.ecosystem = 'crates' and coalesce(e.dep->>'kind', 'normal') <> 'dev' and e.dep->>'registry' is null and t.id <> p.id
      group by t.id, p.id`);

    const crates = await exec<{ id: number }>(sql`select id::int as id from packages where ecosystem = 'crates' order by id`);
    const edges = await exec<{ p: number; d: number }>(sql`select package_id::int as p, dependent_id::int as d from dependency_edges`);
    const index = new Map(crates.map((c, i) => [c.id, i]));
    const counts = countDependents(crates.length, edges.map((e) => ({ crate: index.get(e.p)!, dependent: index.get(e.d)! })));
    const rows = JSON.stringify(crates.map((c, i) => [c.id, counts.direct[i], counts.transitive[i]]));

    const [r] = await exec<{ changed: number }>(sql`
      with incoming as (
        select (x->>0)::bigint as package_id, (x->>1)::int as direct, (x->>2)::int as transitive
        from json_array_elements(${rows}::json) as x
      ), up as (
        insert into dependent_counts (package_id, direct, transitive)
        select package_id, direct, transitive from incoming
        on conflict (package_id) do update set direct = excluded.direct, transitive = excluded.transitive, computed_at = now()
          where (dependent_counts.direct, dependent_counts.transitive) is distinct from (excluded.direct, excluded.transitive)
        returning package_id
      ), queued as (
        insert into outbox (topic, key) select ${SEARCH_TOPIC}::text, package_id::text from up returning 1
      )
      select count(*)::int as changed from up`);
    return { crates: crates.length, edges: edges.length, changed: r?.changed ?? 0, seconds: (performance.now() - started) / 1000 };
  });
}

export function formatDependentsSummary(r: RefreshResult): string {
  return `dependents: ${r.edges.toLocaleString('en')} uses among ${r.crates.toLocaleString('en')} crates, ${r.changed.toLocaleString('en')} counts changed (${r.seconds.toFixed(1)} s)`;
}
