import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine, SearchRequest } from '../../api/search/engine.js';
import { parseQuery } from '../../api/search/query.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { useTestApp } from '../setup/app.js';
import { buildSearchCatalog, searchEngines } from '../setup/search-catalog.js';
import { SHARED_DATA, withoutFullData } from '../setup/shared-data.js';

/**
 * The `advisory:` facet over the real catalog and the real RustSec database. Expectations were read
 * from the advisory files and the index before this was built: pyo3's newest version (0.25.1) is
 * inside RUSTSEC-2026-0176 (patched >= 0.29.0, unaffected < 0.24.0) and tract-nnef's (0.21.13) inside
 * RUSTSEC-2026-0217 (patched >= 0.21.16, < 0.22.0 …), both vulnerabilities; atomic-polyfill and
 * bare-metal are unmaintained with no patched version; ash 0.38 (unsound, patched >= 0.33.1) and
 * static_cell 2.1.1 (unsound, patched >= 2.1.1) are clear.
 */
describe.skipIf(withoutFullData('advisory facet over the whole catalog')).each(searchEngines('ferrite_advisory'))('advisory facet: %s', (name, make) => {
  const t = useTestApp();
  let engine: SearchEngine;
  const search = (q: string, more: Partial<SearchRequest> = {}) => engine.search({ query: parseQuery(q), sort: 'relevance', offset: 0, limit: 100, facets: false, ...more });
  const names = async (q: string) => (await search(q)).hits.map((h) => h.name);

  beforeAll(async () => {
    engine = make(t.database);
    await buildSearchCatalog(t.database, engine);
  }, 180_000);

  it('claims nothing before an advisory database is imported, then says RustSec’s word on each crate’s current version', async () => {
    const before = await search('pyo3', { limit: 5 });
    expect(before.hits.find((h) => h.name === 'pyo3')?.advisory).toBeUndefined();
    expect((await search('advisory:none')).total).toBe(0);

    await indexAdvisories(t.database, [path.join(SHARED_DATA, 'rustsec-advisory-db')], { out: new Writable({ write: (_c, _e, d) => d() }) });
    const drained = await drainSearch(t.database, engine);
    expect(drained.error).toBeUndefined();

    const vulnerable = await names('advisory:vulnerable');
    expect(vulnerable).toEqual(expect.arrayContaining(['pyo3', 'tract-nnef']));
    expect(vulnerable).not.toContain('ash');
    expect(vulnerable).not.toContain('static_cell');
    expect(await names('advisory:unmaintained')).toEqual(expect.arrayContaining(['atomic-polyfill', 'bare-metal']));
    expect(await names('ash advisory:none')).toContain('ash');
    expect(await names('static_cell advisory:none')).toContain('static_cell');
    expect(await names('pyo3 advisory:none')).not.toContain('pyo3');
    // RustSec covers crates: an npm package never carries a status, not even `none`.
    expect((await search('advisory:none')).hits.every((h) => h.ecosystem === 'crates')).toBe(true);
    expect((await search('advisory:none ecosystem:npm')).total).toBe(0);
    // Several values are alternatives.
    expect(await names('advisory:vulnerable advisory:unmaintained')).toEqual(expect.arrayContaining(['pyo3', 'atomic-polyfill']));
    // Words and the facet together (pyo3 has no description in this catalog: its name is the word).
    expect(await names('pyo3 advisory:vulnerable')).toContain('pyo3');
    expect(await names('pyo3 advisory:none')).toContain('candle-pyo3');

    // Every crate has exactly one value: the facet's counts add up to the crates.
    const all = await engine.search({ query: parseQuery(''), sort: 'downloads', offset: 0, limit: 1, facets: true });
    const counts = all.facets.advisory ?? {};
    expect(Object.values(counts).reduce((a, b) => a + b, 0)).toBe(all.facets.ecosystem?.crates);
    expect(counts.vulnerable).toBeGreaterThanOrEqual(2);
  });

  // The test app serves the Postgres engine; the Meilisearch run checks the engine above.
  it.runIf(name === 'postgres')('answers through the API and the page: a hit says its status, the filter is a parameter too, a bad value is a 400', async () => {
    const api = await (await t.app.request('/api/v1/search?q=pyo3&perPage=5')).json();
    expect(api.items.find((i: { name: string }) => i.name === 'pyo3')?.advisory).toBe('vulnerable');
    const byParam = await (await t.app.request('/api/v1/search?advisory=unmaintained&perPage=100')).json();
    expect(byParam.items.map((i: { name: string }) => i.name)).toContain('atomic-polyfill');
    const bad = await t.app.request('/api/v1/search?advisory=dangerous');
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const page = await (await t.app.request('/search?q=pyo3', { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('RustSec: vulnerable');
    const ticked = await (await t.app.request(`/search?q=${encodeURIComponent('advisory:unmaintained')}`, { headers: { accept: 'text/html' } })).text();
    expect(ticked).toMatch(/<input type="checkbox" name="advisory" value="unmaintained" checked/);
  });
});
