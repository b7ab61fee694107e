import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import type { SearchEngine, SearchRequest } from '../../api/search/engine.js';
import { parseQuery } from '../../api/search/query.js';
import { useTestApp } from '../setup/app.js';
import { buildSearchCatalog, loadSearchSynonyms, searchEngines } from '../setup/search-catalog.js';
import { withoutFullData } from '../setup/shared-data.js';

/**
 * The contract every engine keeps, run against each engine available: the embedded Postgres
 * engine always, Meilisearch when MEILI_HOST is set. Expectations come from the catalog itself.
 */
const engines = searchEngines('ferrite_contract');

// It names packages of the whole catalog (polars, linfa, micromath, ten embassy crates…): full data only.
describe.skipIf(withoutFullData('search contract over the whole catalog')).each(engines)('search contract: %s', (_name, make) => {
  const t = useTestApp();
  let engine: SearchEngine;
  const search = (q: string, more: Partial<SearchRequest> = {}) => engine.search({ query: parseQuery(q), sort: 'relevance', offset: 0, limit: 20, facets: false, ...more });
  const names = async (q: string, more: Partial<SearchRequest> = {}) => (await search(q, more)).hits.map((h) => h.name);
  /** Packages whose current version has this claim as its strongest answer, from the catalog. */
  const withClaim = async (subject: string, statuses: string[]) =>
    (await t.database.rows<{ name: string }>(sql`
      select distinct p.name from packages p join versions v on v.package_id = p.id and v.num = p.default_version and not v.yanked
      join compat_claims c on c.version_id = v.id
      where c.subject = ${subject} and c.status in (select value from json_array_elements_text(${JSON.stringify(statuses)}::json))`)).map((r) => r.name).sort();

  beforeAll(async () => {
    engine = make(t.database);
    await loadSearchSynonyms(t.database);
    await buildSearchCatalog(t.database, engine);
  }, 120_000);

  it('finds a package by its exact name first', async () => {
    expect((await names('embedded-hal'))[0]).toBe('embedded-hal');
    expect((await names('cudarc'))[0]).toBe('cudarc');
  });

  it('matches the last word as a prefix, and names despite a typo', async () => {
    expect(await names('embassy-ex')).toContain('embassy-executor');
    expect(await names('tokenizr')).toContain('tokenizers');
  });

  it('searches descriptions and keywords, with synonyms', async () => {
    expect(await names('dataframe')).toContain('polars');
    const ml = await names('machine learning', { limit: 50 });
    expect(ml).toEqual(expect.arrayContaining(['linfa']));
    expect(await names('ml', { limit: 100 })).toEqual(expect.arrayContaining(['linfa']));
  });

  it('filters by profile, no_std, accelerator and binding kind exactly as the claims say', async () => {
    const all = { limit: 100, sort: 'name' as const };
    expect((await search('accel:cuda', all)).hits.map((h) => h.name).sort()).toEqual(await withClaim('accel:cuda', ['yes']));
    const embedded = await search('profile:embedded', { ...all, limit: 1 });
    expect(embedded.total).toBe((await withClaim('profile:embedded', ['yes', 'partial'])).length);
    const nostd = await search('nostd:true', { ...all, limit: 1 });
    expect(nostd.total).toBe((await withClaim('nostd', ['always', 'optional'])).length);
    const napi = await search('binding:napi-rs', all);
    expect(napi.hits.length).toBeGreaterThan(5);
    expect(napi.hits.every((h) => h.bindingKinds.includes('napi-rs'))).toBe(true);
    expect(napi.hits.some((h) => h.ecosystem === 'crates')).toBe(true); // a crate wrapped by napi-rs packages
  });

  it('combines text with qualifiers: ecosystem, keywords (ANDed), category, target, msrv', async () => {
    const npm = await search('tokenizers ecosystem:npm');
    expect(npm.hits.length).toBeGreaterThan(0);
    expect(npm.hits.every((h) => h.ecosystem === 'npm')).toBe(true);
    const both = await search('keyword:embedded keyword:hal', { limit: 100 });
    expect(both.hits.length).toBeGreaterThan(0);
    expect(both.hits.every((h) => h.keywords.includes('embedded') && h.keywords.includes('hal'))).toBe(true);
    const one = await search('keyword:embedded', { limit: 1 });
    expect(one.total).toBeGreaterThan(both.total);
    const cat = await search('category:science', { limit: 100 });
    expect(cat.hits.every((h) => h.categories.some((c) => c === 'science' || c.startsWith('science::')))).toBe(true);
    const bare = await search('hal target:thumbv7em-none-eabihf', { limit: 100 });
    expect(bare.hits.length).toBeGreaterThan(0);
    // Listed when the per-target answer is yes or partial: the embedded profile may still be unknown
    // (docs.rs builds for the triple, a maintainer names it), never 'no'.
    expect(bare.hits.every((h) => h.profiles.embedded !== 'no')).toBe(true);
    const old = await search('msrv<=1.60', { limit: 100 });
    expect(old.hits.length).toBeGreaterThan(0);
    expect(old.hits.every((h) => h.msrv !== null && Number(h.msrv.split('.')[1]) <= 60)).toBe(true);
  });

  it('excludes -terms and honours "exact phrases"', async () => {
    const withNn = await names('linfa', { limit: 50 });
    expect(withNn).toContain('linfa-nn');
    expect(await names('linfa -nn', { limit: 50 })).not.toContain('linfa-nn');
    const phrase = await search('"vector database"', { limit: 50 });
    expect(phrase.hits.length).toBeGreaterThan(0);
    expect(phrase.hits.every((h) => `${h.description} ${h.keywords.join(' ')}`.toLowerCase().includes('vector database'))).toBe(true);
  });

  it('counts facets over every match, consistent with filtering', async () => {
    const r = await search('embedded', { facets: true, limit: 1 });
    expect(r.facets.profile).toBeDefined();
    for (const [profile, n] of Object.entries(r.facets.profile!)) expect((await search(`embedded profile:${profile}`, { limit: 1 })).total, profile).toBe(n);
    expect(Object.values(r.facets.ecosystem!).reduce((a, b) => a + b, 0)).toBe(r.total);
  });

  it('sorts by name and downloads, and pages without overlap', async () => {
    const byName = await names('embassy', { sort: 'name', limit: 100 });
    expect(byName).toEqual([...byName].sort());
    const p1 = await names('embassy', { limit: 5 });
    const p2 = await names('embassy', { limit: 5, offset: 5 });
    expect(p2.length).toBe(5);
    expect(p1.filter((n) => p2.includes(n))).toEqual([]);
  });

  it('matches stems and skips stop words on every field: "logging for microcontrollers" finds defmt', async () => {
    // defmt: "A highly efficient logging framework that targets resource-constrained devices, like microcontrollers".
    expect((await names('logging for microcontrollers')).slice(0, 3)).toContain('defmt');
    // rp2040-hal: "A Rust Embedded-HAL impl for the rp2040 microcontroller" (singular).
    expect(await names('microcontrollers', { limit: 100 })).toContain('rp2040-hal');
    // A query of stop words alone still searches for them rather than for nothing.
    expect((await search('the')).total).toBeGreaterThanOrEqual(0);
  });

  it('drops words from the end when all of them find too little, ranking by how many match', async () => {
    const r = await names('defmt logging zzzzqqq', { limit: 20 });
    expect(r[0]).toBe('defmt');
    const all = await search('embedded hal', { limit: 1 });
    expect(all.total).toBeGreaterThanOrEqual(20); // enough for a page: no words dropped
    const strict = await search('embedded hal zzzzqqq', { limit: 50 });
    expect(strict.hits.slice(0, 5).every((h) => `${h.name} ${h.keywords.join(' ')} ${h.categories.join(' ')} ${h.description}`.toLowerCase().includes('hal'))).toBe(true);
  });

  it('reads a free no_std, wasm or cuda as words that boost the facet, never as a filter', async () => {
    const alloc = await names('no_std allocator', { limit: 20 });
    expect(alloc).toContain('embedded-alloc');
    expect(alloc).toContain('esp-alloc');
    // Typed qualifiers still filter.
    const typed = await search('nostd:true allocator', { limit: 100 });
    expect(typed.hits.every((h) => ['always', 'optional'].includes(h.nostd))).toBe(true);
    expect((await search('category:no-std', { limit: 100 })).hits.every((h) => h.categories.some((c) => c === 'no-std' || c.startsWith('no-std::')))).toBe(true);
    // `cuda` finds every package with a CUDA claim, not only names that contain it.
    const cuda = await names('cuda', { limit: 100 });
    expect(cuda).toContain('candle-core');
    for (const n of await withClaim('accel:cuda', ['yes'])) expect(cuda, n).toContain(n);
    const wasm = await search('wasm', { limit: 1 });
    expect(wasm.total).toBeGreaterThanOrEqual((await withClaim('profile:wasm', ['yes', 'partial'])).length);
  });

  it('ranks a facet word by the evidence behind it: verified > declared > inferred', async () => {
    const before = await names('cuda', { limit: 100 });
    const inferred = (await withClaim('accel:cuda', ['yes'])).filter((n) => !n.includes('cuda'));
    const lowest = inferred.sort((a, b) => before.indexOf(b) - before.indexOf(a))[0]!;
    // A maintainer declares CUDA support for the lowest-ranked package that only had an inferred claim.
    await t.database.rows(sql`
      insert into compat_claims (version_id, subject, status, source_kind, source, evidence)
      select v.id, 'accel:cuda', 'yes', 'declared', 'user:contract', '[]'::jsonb
      from packages p join versions v on v.package_id = p.id and v.num = p.default_version where p.name = ${lowest}`);
    await t.database.rows(sql`insert into outbox (topic, key) select 'search.package', id::text from packages where name = ${lowest}`);
    const { drainSearch } = await import('../../indexer/sync/search-drain.js');
    await drainSearch(t.database, engine);
    const after = await names('cuda', { limit: 100 });
    expect(after.indexOf(lowest), `${lowest}: ${before.indexOf(lowest)} → ${after.indexOf(lowest)}`).toBeLessThan(before.indexOf(lowest));
  });

  it('expands lib.rs keyword synonyms and crates.io category names', async () => {
    // lib.rs: machinelearning → machine-learning.
    expect(await names('machinelearning', { limit: 50 })).toContain('linfa');
    // crates.io: the category "No standard library" is the slug no-std.
    const nostd = await search('no standard library', { limit: 100 });
    expect(nostd.hits.some((h) => h.categories.includes('no-std'))).toBe(true);
  });

  it('finds a misspelt name, and says which word it corrected', async () => {
    const r = await search('tokoi');
    expect(r.hits[0]?.name).toBe('tokio');
    if (engine.name === 'postgres') {
      expect(r.corrections).toEqual([{ from: 'tokoi', to: 'tokio' }]);
      const verbatim = await search('tokoi', { verbatim: true });
      expect(verbatim.corrections).toBeUndefined();
    }
  });

  it('drops a package whose versions are all yanked, and follows deletions', async () => {
    const [victim] = await t.database.rows<{ id: number }>(sql`select id::int as id from packages where name = 'micromath'`);
    await t.database.rows(sql`update versions set yanked = true where package_id = ${victim!.id}`);
    await t.database.rows(sql`insert into outbox (topic, key) values ('search.package', ${String(victim!.id)})`);
    const { drainSearch } = await import('../../indexer/sync/search-drain.js');
    const before = await search('', { facets: true, limit: 1 });
    await drainSearch(t.database, engine);
    expect(await names('micromath')).not.toContain('micromath');
    // The whole catalog's facet counts follow at once, even where an engine reuses them for a while.
    const after = await search('', { facets: true, limit: 1 });
    expect(after.total).toBe(before.total - 1);
    expect(Object.values(after.facets.ecosystem!).reduce((a, b) => a + b, 0)).toBe(after.total);
  });
});
