import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import type { SearchDocument, SearchEngine, SearchRequest } from '../../api/search/engine.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { parseQuery } from '../../api/search/query.js';
import { drainSearch, reindexAll } from '../../indexer/sync/search-drain.js';
import { useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { realIndexFile } from '../setup/index-fixtures.js';

/** The real engine behind a switch that makes every write fail, as an unreachable Meilisearch would. */
class Unreachable implements SearchEngine {
  readonly name = 'postgres' as const;
  down = true;
  constructor(private readonly real: SearchEngine) {}
  private check() {
    if (this.down) throw new Error('connect ECONNREFUSED 127.0.0.1:7700');
  }
  async applySettings() {}
  async index(docs: SearchDocument[]) { this.check(); await this.real.index(docs); }
  async delete(ids: number[]) { this.check(); await this.real.delete(ids); }
  async rebuild(b: AsyncIterable<SearchDocument[]>) { this.check(); return this.real.rebuild(b); }
  search(req: SearchRequest) { return this.real.search(req); }
  health() { return this.real.health(); }
}

describe('search engine outage', () => {
  const t = useTestApp();

  it('writes succeed, outbox rows wait, and the index catches up with nothing lost after recovery', async () => {
    const engine = new Unreachable(new PostgresSearchEngine(t.database));
    const crates = ['cudarc', 'heapless', 'defmt', 'embedded-hal'];
    for (const c of crates) await runIndexCrates(t.database, [realIndexFile(c)]);
    const down = await drainSearch(t.database, engine);
    expect(down.error).toMatch(/ECONNREFUSED/);
    const [{ pending }] = await t.database.rows<{ pending: number }>(sql`select count(*)::int as pending from outbox where topic = 'search.package' and processed_at is null`);
    expect(pending).toBe(crates.length);
    const [{ attempts }] = await t.database.rows<{ attempts: number }>(sql`select min(attempts)::int as attempts from outbox where topic = 'search.package' and processed_at is null`);
    expect(attempts).toBe(1);
    // A write while the engine is down still lands in the catalog and queues its update.
    await runIndexCrates(t.database, [realIndexFile('nb')]);
    expect((await drainSearch(t.database, engine)).indexed).toBe(0);

    engine.down = false;
    await t.database.rows(sql`update outbox set available_at = now() where processed_at is null`); // the retry time has come
    const up = await drainSearch(t.database, engine);
    expect(up.error).toBeUndefined();
    expect(up.indexed).toBe(crates.length + 1);
    for (const c of [...crates, 'nb']) {
      const r = await engine.search({ query: parseQuery(c), sort: 'relevance', offset: 0, limit: 1, facets: false });
      expect(r.hits[0]?.name, c).toBe(c);
    }
    const [{ left }] = await t.database.rows<{ left: number }>(sql`select count(*)::int as left from outbox where topic = 'search.package' and processed_at is null`);
    expect(left).toBe(0);
  });

  it('ferrite reindex rebuilds every document from the catalog', async () => {
    const engine = new PostgresSearchEngine(t.database);
    const [{ before }] = await t.database.rows<{ before: number }>(sql`select count(*)::int as before from search_documents`);
    await t.database.rows(sql`update search_document_bodies set doc = jsonb_set(doc, '{description}', '"stale"')`);
    const n = await reindexAll(t.database, engine);
    expect(n).toBe(before);
    const [{ stale }] = await t.database.rows<{ stale: number }>(sql`select count(*)::int as stale from search_document_bodies where doc->>'description' = 'stale'`);
    expect(stale).toBe(0);
    expect((await engine.search({ query: parseQuery('cudarc'), sort: 'relevance', offset: 0, limit: 1, facets: false })).hits[0]?.name).toBe('cudarc');
  });
});
