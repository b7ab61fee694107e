import { sql } from 'drizzle-orm';
import { beforeAll, expect, it } from 'vitest';
import { refreshDependents } from '../../api/dependents/refresh.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { useTestApp } from '../setup/app.js';
import { describeWithFullData } from '../setup/full-data.js';
import { buildSearchCatalog, loadSearchSynonyms } from '../setup/search-catalog.js';

/** The search page over the real catalog, as a browser without JavaScript gets it. */
describeWithFullData('search page', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await loadSearchSynonyms(t.database);
    const engine = new PostgresSearchEngine(t.database);
    await buildSearchCatalog(t.database, engine);
    // The dependents counts, as `ferrite index` refreshes them, reach the documents through the outbox.
    await refreshDependents(t.database);
    await drainSearch(t.database, engine);
  }, 300_000);
  const page = async (qs: string) => {
    const res = await t.app.request(`/search?${qs}`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    if (res.status !== 200) throw new Error(`${res.status}: ${html}`);
    return html;
  };

  it('ticks the checkbox of a typed qualifier', async () => {
    const html = await page('q=accel%3Acuda');
    expect(html).toMatch(/<input type="checkbox" name="accel" value="cuda" checked/);
  });

  it('shows typed ecosystem, MSRV and target qualifiers in their menus and box, a form field winning', async () => {
    const html = await page(`q=${encodeURIComponent('hal ecosystem:crates msrv<=1.62 target:thumbv7em-none-eabihf')}`);
    expect(html).toMatch(/<option value="crates" selected/);
    expect(html).toMatch(/<option value="1.62" selected/);
    expect(html).toContain('<input id="target" type="text" name="target" value="thumbv7em-none-eabihf"');
    const both = await page(`q=${encodeURIComponent('hal ecosystem:crates')}&ecosystem=npm`);
    expect(both).toMatch(/<option value="npm" selected/);
    expect(both).not.toMatch(/<option value="crates" selected/);
  });

  it('says which word it corrected and links to the words as typed', async () => {
    const html = await page('q=tokoi');
    expect(html).toContain('Showing results for');
    expect(html).toContain('<em>tokio</em>');
    expect(html).toContain('verbatim=true');
    const api = await t.app.request('/api/v1/search?q=tokoi');
    expect((await api.json()).correction).toEqual({ q: 'tokio', original: 'tokoi' });
    const verbatim = await (await t.app.request('/api/v1/search?q=tokoi&verbatim=true')).json();
    expect(verbatim.correction).toBeNull();
  });

  it('offers one relevance order, numbered pages, a skip link, and results before the folded filters', async () => {
    const html = await page('q=embedded');
    expect(html).not.toContain('Best match');
    expect(html.match(/>Relevance</g)?.length).toBe(1);
    expect(html).toMatch(/<a[^>]*aria-label="Page 2"/);
    expect(html).toContain('href="#results"');
    expect(html.indexOf('id="results"')).toBeLessThan(html.indexOf('<details class="facets"'));
  });

  it('hides facet values no result has', async () => {
    const html = await page('q=defmt');
    // No result of `defmt` has an npm binding kind, so no binding checkbox is offered.
    expect(html).not.toMatch(/name="binding" value="napi-rs"/);
    expect(html).not.toMatch(/<span class="count">0<\/span>/);
  });

  it('orders by how many crates use each directly, and says which signal the list is in', async () => {
    expect(await page('q=embedded')).toContain('sorted by relevance to the words');
    const html = await page('q=embedded&sort=dependents');
    expect(html).toContain('<option value="dependents" selected="">');
    expect(html).toContain('sorted by how many indexed crates use each directly');
    const shown = [...html.matchAll(/<li class="result"><h3><a href="\/(?:crates|npm)\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
    const rows = await t.database.rows<{ name: string; dependents: number }>(sql`
      select name, dependents from search_documents where name in (select value from json_array_elements_text(${JSON.stringify(shown)}::json))`);
    const counts = shown.map((n) => rows.find((r) => r.name === n)!.dependents);
    expect(counts.length, html).toBeGreaterThan(1);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts).toEqual([...counts].sort((a, b) => b - a));
  });
});
