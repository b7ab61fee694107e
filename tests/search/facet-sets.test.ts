import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { loadSearchDocuments } from '../../api/search/documents.js';
import type { SearchDocument } from '../../api/search/engine.js';
import { facetValues, PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { parseQuery } from '../../api/search/query.js';
import { useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { realIndexFile } from '../setup/index-fixtures.js';

/** Facet counts as the documents themselves say, counted here in plain code. */
function expectedCounts(docs: SearchDocument[]) {
  const out: Record<string, number> = {};
  for (const v of docs.flatMap(facetValues)) out[v] = (out[v] ?? 0) + 1;
  return out;
}

function flatten(facets: Record<string, Record<string, number>>) {
  return Object.fromEntries(Object.entries(facets).flatMap(([f, vs]) => Object.entries(vs).map(([v, n]) => [`${f}:${v}`, n])));
}

/**
 * The Postgres engine stores each document's facet values as the id of a shared set
 * (search_facet_sets): counts must stay those of the documents through concurrent writers and updates.
 */
describe('facet sets of the Postgres engine', () => {
  const t = useTestApp();

  it('counts facets as the documents say, with two processes indexing the same new sets at once and after a change', async () => {
    const crates = ['heapless', 'defmt', 'embedded-hal', 'cudarc', 'serde'];
    for (const c of crates) await runIndexCrates(t.database, [realIndexFile(c)]);
    const ids = (await t.database.rows<{ id: number }>(sql`select id::int as id from packages where ecosystem = 'crates'`)).map((r) => r.id);
    const { docs } = await loadSearchDocuments(t.database, ids);
    expect(docs.map((d) => d.name).sort()).toEqual([...crates].sort());

    // Two engines, as the hub and `ferrite worker` hold, write the same documents concurrently.
    const a = new PostgresSearchEngine(t.database);
    const b = new PostgresSearchEngine(t.database);
    await Promise.all([a.index(docs), b.index([...docs].reverse())]);
    const [{ sets }] = await t.database.rows<{ sets: number }>(sql`select count(*)::int as sets from search_facet_sets`);
    expect(sets).toBe(new Set(docs.map((d) => JSON.stringify(facetValues(d)))).size);

    const all = await a.search({ query: parseQuery(''), sort: 'downloads', offset: 0, limit: 20, facets: true });
    expect(all.total).toBe(docs.length);
    expect(flatten(all.facets)).toEqual(expectedCounts(docs));
    const text = await a.search({ query: parseQuery('embedded'), sort: 'relevance', offset: 0, limit: 20, facets: true });
    expect(flatten(text.facets)).toEqual(expectedCounts(docs.filter((d) => text.hits.some((h) => h.id === d.id))));

    // A document whose facets change moves to another set; the counts follow it.
    const changed = docs.map((d) => (d.name === 'defmt' ? { ...d, license: 'Zlib', councils: ['embedded'] } : d));
    await b.index(changed.filter((d) => d.name === 'defmt'));
    const after = await b.search({ query: parseQuery(''), sort: 'downloads', offset: 0, limit: 20, facets: true });
    expect(flatten(after.facets)).toEqual(expectedCounts(changed));
    expect(after.facets.license?.Zlib).toBe(1);
  });

  it('indexes a facet value of any length (a whole license text in the license field)', async () => {
    await runIndexCrates(t.database, [realIndexFile('heapless')]);
    const [{ id }] = await t.database.rows<{ id: number }>(sql`select id::int as id from packages where name = 'heapless'`);
    const { docs: [doc] } = await loadSearchDocuments(t.database, [id]);
    // Longer than a btree entry may be (2,704 bytes), as a manifest may well write it.
    const license = 'Permission is hereby granted, free of charge, to any person obtaining a copy. '.repeat(60);
    const engine = new PostgresSearchEngine(t.database);
    await engine.index([{ ...doc!, license }]);
    const r = await engine.search({ query: parseQuery('heapless'), sort: 'relevance', offset: 0, limit: 20, facets: true });
    expect(r.hits.map((h) => h.name)).toContain('heapless');
    expect(r.facets.license?.[license]).toBe(1);
  });

  it('lets two writers index the same hundreds of documents and new sets in opposite orders at once', async () => {
    await runIndexCrates(t.database, [realIndexFile('defmt')]);
    const [{ id }] = await t.database.rows<{ id: number }>(sql`select id::int as id from packages where name = 'defmt'`);
    const { docs: [doc] } = await loadSearchDocuments(t.database, [id]);
    const names = Array.from({ length: 300 }, (_, i) => `facet-set-writer-${i}`);
    const rows = await t.database.rows<{ id: number; name: string }>(sql`
      insert into packages (ecosystem, name, name_key) select 'crates', n, replace(n, '-', '_') from json_array_elements_text(${JSON.stringify(names)}::json) n
      returning id::int as id, name`);
    const a = new PostgresSearchEngine(t.database);
    const b = new PostgresSearchEngine(t.database);
    for (let round = 0; round < 3; round++) {
      // Every document carries a license no set has yet: each is a new set for both writers.
      const docs = rows.map((r) => ({ ...doc!, id: r.id, name: r.name, license: `license-${r.name}-${round}` }));
      await Promise.all([a.index(docs), b.index([...docs].reverse())]);
      const r = await a.search({ query: parseQuery('facet-set-writer'), sort: 'name', offset: 0, limit: 1, facets: true });
      expect(r.total).toBe(rows.length);
      expect(Object.keys(r.facets.license ?? {}).sort()).toEqual(docs.map((d) => d.license).sort());
    }
  }, 60_000);
});
