import { asc, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { categories } from '../db/schema/index.js';
import { type DependedOn, withDocuments } from '../dependents/service.js';

export type CategoryNode = { slug: string; name: string; description: string; parentSlug: string | null; count: number };

/**
 * The crates.io category tree with package counts. Categories come from the crates.io dump or
 * `ferrite index categories`; a slug packages use that the tree lacks still gets a node, named
 * by its slug, so no package is unreachable.
 */
export async function categoryTree(db: DbOrTx, counts: Record<string, number>): Promise<CategoryNode[]> {
  const rows = await db.select().from(categories).orderBy(asc(categories.slug));
  const nodes = new Map<string, CategoryNode>(rows.map((r) => [r.slug, { ...r, count: counts[r.slug] ?? 0 }]));
  for (const [slug, count] of Object.entries(counts)) {
    if (!nodes.has(slug)) {
      const parent = slug.includes('::') ? slug.slice(0, slug.lastIndexOf('::')) : null;
      nodes.set(slug, { slug, name: slug.slice(slug.lastIndexOf(':') + 1), description: '', parentSlug: parent, count });
    }
  }
  return [...nodes.values()].sort((a, b) => a.slug.localeCompare(b.slug));
}

/**
 * A page of a category's packages, most depended on first (how many indexed crates use each
 * directly; then by name): the popularity order that needs no download counts. Membership
 * follows the search documents: a package's registry categories, else those its Cargo.toml
 * declares; packages with no live version are left out, as search leaves them out.
 */
export async function categoryByDependents(database: Database, slug: string, offset: number, limit: number): Promise<DependedOn[]> {
  const rows = await database.rows<{ id: number; direct: number }>(sql`
    with members as (
      select p.id, p.name_key, coalesce(c.direct, 0) as direct
      from packages p left join dependent_counts c on c.package_id = p.id
      where p.default_version is not null and ${slug} = any(case when cardinality(p.categories) > 0 then p.categories else
        (select array_agg(distinct x) from manifest_facts mf, jsonb_array_elements_text(case when jsonb_typeof(mf.facts->'categories') = 'array' then mf.facts->'categories' else '[]'::jsonb end) x
          where mf.package_id = p.id) end)
    )
    select id::int as id, direct from members order by direct desc, name_key limit ${limit} offset ${offset}`);
  return withDocuments(database, rows);
}
