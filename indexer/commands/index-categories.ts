import fs from 'node:fs';
import { sql } from 'drizzle-orm';
import { parse as parseToml } from 'smol-toml';
import { z } from 'zod';
import type { Database } from '../../api/db/client.js';

export type CategoryRow = { slug: string; name: string; description: string; parentSlug: string | null };
export type IndexCategoriesResult = { categories: number; changed: number };

/** One entry of crates.io's `src/boot/categories.toml`: `[slug]` with `[slug.categories.sub]` nested. */
type Entry = { name: string; description?: string; categories?: Record<string, Entry> };
const Entry: z.ZodType<Entry> = z.lazy(() =>
  z.object({ name: z.string().min(1), description: z.string().optional(), categories: z.record(z.string().regex(/^[a-z0-9-]+$/), Entry).optional() }),
);
const CategoriesFile = z.record(z.string().regex(/^[a-z0-9-]+$/, 'a category slug is lower-case letters, digits and dashes'), Entry);

/** Flattens the tree into rows with `::`-joined slugs, as crates name them in Cargo.toml. */
export function readCategoriesToml(text: string): CategoryRow[] {
  const tree = CategoriesFile.parse(parseToml(text));
  const rows: CategoryRow[] = [];
  const walk = (entries: Record<string, Entry>, parent: string | null) => {
    for (const [slug, e] of Object.entries(entries)) {
      const full = parent ? `${parent}::${slug}` : slug;
      rows.push({ slug: full, name: e.name, description: (e.description ?? '').replace(/\s+/g, ' ').trim(), parentSlug: parent });
      if (e.categories) walk(e.categories, full);
    }
  };
  walk(tree, null);
  return rows;
}

/**
 * `ferrite index categories <categories.toml>`: loads crates.io's category tree (the same file
 * crates.io boots from), so category pages have names and descriptions without a database dump.
 * One transaction; rows that did not change are not rewritten.
 */
export async function indexCategories(database: Database, file: string): Promise<IndexCategoriesResult> {
  const rows = readCategoriesToml(fs.readFileSync(file, 'utf8'));
  const [r] = await database.rows<{ changed: number }>(sql`
    with up as (
      insert into categories (slug, name, description, parent_slug)
      select slug, name, description, parent_slug from json_to_recordset(${JSON.stringify(rows.map((c) => ({ ...c, parent_slug: c.parentSlug })))}::json)
        as r(slug text, name text, description text, parent_slug text)
      on conflict (slug) do update set name = excluded.name, description = excluded.description, parent_slug = excluded.parent_slug
        where (categories.name, categories.description, categories.parent_slug) is distinct from (excluded.name, excluded.description, excluded.parent_slug)
      returning 1)
    select count(*)::int as changed from up`);
  return { categories: rows.length, changed: r?.changed ?? 0 };
}

export const formatCategoriesSummary = (r: IndexCategoriesResult) => `${r.categories} categories read, ${r.changed} added or changed`;
