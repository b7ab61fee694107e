import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { categories } from '../db/schema/index.js';

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
