import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshDependents } from '../../api/dependents/refresh.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { seedTargets } from '../../api/targets/seed.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { useTestApp } from '../setup/app.js';
import { buildSearchCatalog } from '../setup/search-catalog.js';

const names = (html: string) => [...html.matchAll(/<li class="result"><h3><a href="\/(?:crates|npm)\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);

describe('"used by N crates" as the popularity signal where downloads are unknown', () => {
  const t = useTestApp();
  let ranked: { name: string; direct: number }[];

  beforeAll(async () => {
    await seedTargets(t.database);
    const engine = new PostgresSearchEngine(t.database);
    await buildSearchCatalog(t.database, engine);
    await refreshDependents(t.database);
    await drainSearch(t.database, engine);
    ranked = await t.database.rows(sql`
      select p.name, c.direct from dependent_counts c join packages p on p.id = c.package_id where c.direct > 0 order by c.direct desc, c.package_id`);
  }, 300_000);

  const page = async (path: string, status = 200) => {
    const res = await t.app.request(path, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status, html.slice(0, 500)).toBe(status);
    return html;
  };

  it('the home page lists the most depended-on crates, in that order, and says what the order is', async () => {
    const html = await page('/');
    const section = html.slice(html.indexOf('id="depended-on"'), html.indexOf('</section>', html.indexOf('id="depended-on"')));
    expect(section).toContain('By how many crates indexed here list each one as a dependency');
    expect(names(section)).toEqual(ranked.slice(0, 8).map((r) => r.name));
    expect(section).toContain(`used by ${ranked[0]!.direct}`);
  });

  it('search documents carry the count, for ranking', async () => {
    const [doc] = await t.database.rows<{ dependents: number }>(sql`
      select (d.doc->>'dependents')::int as dependents from search_document_bodies d join packages p on p.id = d.package_id where p.name = ${ranked[0]!.name}`);
    expect(doc!.dependents).toBe(ranked[0]!.direct);
  });

  it('a category page sorts by it on request, names the signal, and offers it in its sort form', async () => {
    // The category with the most members that are used by other crates.
    const [best] = await t.database.rows<{ slug: string }>(sql`
      select x.slug from search_documents d cross join lateral unnest(d.categories) as x(slug)
      join dependent_counts c on c.package_id = d.package_id where c.direct > 0 group by x.slug order by count(*) desc, x.slug limit 1`);
    const slug = best!.slug;
    const html = await page(`/categories/${slug}?sort=dependents`);
    expect(html).toContain('Sorted by most depended on (how many indexed crates use each directly).');
    expect(html).toContain('<option value="dependents" selected="">');
    const listed = names(html.slice(html.indexOf('id="packages"')));
    expect(listed.length).toBeGreaterThan(1);
    const counts = new Map(ranked.map((r) => [r.name, r.direct]));
    const shown = listed.map((n) => counts.get(n) ?? 0);
    expect(shown).toEqual([...shown].sort((a, b) => b - a));
    expect(shown[0]).toBeGreaterThan(0);
    await page(`/categories/${slug}?sort=dependents&page=2`);
    await page(`/categories/${slug}?sort=popularity`, 400);
    // Target lists sort by the engine's orders only.
    expect(await page('/targets/x86_64-unknown-linux-gnu')).not.toContain('value="dependents"');
  });
});
