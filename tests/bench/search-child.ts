/**
 * Search latency on the embedded Postgres engine over the 10% index sample (about 19,000 crates)
 * and a 10× scaled copy (about 190,000, like the real registry). Runs against DATABASE_URL.
 * Prints one JSON line per scale.
 */
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import type { SearchDocument, SearchRequest } from '../../api/search/engine.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { parseQuery } from '../../api/search/query.js';
import { indexCrates } from '../../indexer/commands/index-crates.js';
import { seedTargets } from '../../api/targets/seed.js';
import type { Progress } from '../../indexer/progress.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';

const [input] = process.argv.slice(2) as [string];
const database = await openDatabase(parseConfig(process.env).database, { max: 8 });
await migrate(database);
await seedTargets(database);
const silent: Progress = { start() {}, update() {}, stop() {} };
await indexCrates(database, [input], { out: new Writable({ write: (_c, _e, d) => d() }), progress: silent });
await runCompatPass(database);
const engine = new PostgresSearchEngine(database);
await drainSearch(database, engine, 1000);
await database.rows(sql`analyze search_documents`);

const PLAIN = ['serde', 'async', 'http client', 'json', 'parser', 'derive macro', 'cli', 'tokio', 'sys', 'web', 'crypto', 'image', 'log', 'test', 'embedded', 'wasm', 'gpu', 'math', 'db', 'rust',
  // Issue 19: natural phrases, facet words, misspellings.
  'logging for microcontrollers', 'no_std allocator', 'cuda', 'tokoi', 'command line argument parser'];
const FILTERED = ['profile:cloud parser', 'nostd', 'accel:cuda', 'msrv<=1.70 json', 'profile:embedded', 'nostd hal', 'profile:wasm web', 'target:thumbv7em-none-eabihf', 'accel:webgpu', 'msrv<=1.60'];
const request = (q: string, facets: boolean): SearchRequest => ({ query: parseQuery(q), sort: 'relevance', offset: 0, limit: 20, facets });
/** The query classes of the mix, whose latencies are also reported per class. */
const CLASSES = { plain: PLAIN.map((q) => request(q, false)), faceted: PLAIN.slice(0, 10).map((q) => request(q, true)), filtered: FILTERED.map((q) => request(q, true)) };
const mix: SearchRequest[] = Object.values(CLASSES).flat();
const classOf = new Map(Object.entries(CLASSES).flatMap(([name, rs]) => rs.map((r) => [r, name] as const)));

async function measure(): Promise<Record<string, number>> {
  for (const r of mix) await engine.search(r); // warm caches
  const lat: number[] = [];
  const byClass: Record<string, number[]> = {};
  for (let round = 0; round < 5; round++)
    for (const r of mix) {
      const t = performance.now();
      await engine.search(r);
      const ms = performance.now() - t;
      lat.push(ms);
      (byClass[classOf.get(r)!] ??= []).push(ms);
    }
  const pctOf = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))]!;
  const pct = (p: number) => pctOf(lat, p);
  const classes = Object.fromEntries(Object.entries(byClass).flatMap(([name, xs]) => [[`${name}P50`, pctOf(xs, 50)], [`${name}P95`, pctOf(xs, 95)]]));
  // Throughput: 4 clients at once, as many queries as they get through in 5 seconds.
  let done = 0;
  const until = performance.now() + 5000;
  await Promise.all([0, 1, 2, 3].map(async (k) => {
    for (let i = k; performance.now() < until; i++) {
      await engine.search(mix[i % mix.length]!);
      done++;
    }
  }));
  // Baseline: the same queries as crates.io ranks them, plain ts_rank_cd over the one tsvector (the words
  // ANDed in the english dictionary, qualifiers left out), page of 20 and its count, same table and pool.
  const base: number[] = [];
  for (let round = 0; round < 5; round++)
    for (const r of mix) {
      const text = [...r.query.terms, ...r.query.phrases].join(' ');
      const t = performance.now();
      if (text) {
        await database.rows(sql`with q as (select plainto_tsquery('english', ${text}) as q),
          page as (select package_id, ts_rank_cd(tsv, q.q) as rank, count(*) over () as total from search_documents, q where tsv @@ q.q order by rank desc limit 20)
          select b.doc, page.total from page join search_document_bodies b using (package_id) order by page.rank desc`);
      } else await database.rows(sql`with page as (select package_id, downloads, count(*) over () as total from search_documents order by downloads desc limit 20)
          select b.doc, page.total from page join search_document_bodies b using (package_id) order by page.downloads desc`);
      base.push(performance.now() - t);
    }
  base.sort((a, b) => a - b);
  const [{ n }] = await database.rows<{ n: number }>(sql`select count(*)::int as n from search_documents`);
  return { docs: n, queries: lat.length, ...classes, p50: pct(50), p95: pct(95), p99: pct(99), qps: done / 5, baseP50: base[Math.floor(base.length * 0.5)]!, baseP95: base[Math.floor(base.length * 0.95)]! };
}

process.stdout.write(JSON.stringify({ scale: 1, ...(await measure()) }) + '\n');

// 10×: nine renamed copies of every document, as their own packages, through the engine's index path.
const docs = (await database.rows<{ doc: SearchDocument }>(sql`select doc from search_document_bodies`)).map((r) => r.doc);
for (let copy = 1; copy <= 9; copy++) {
  for (let i = 0; i < docs.length; i += 2000) {
    const slice = docs.slice(i, i + 2000).map((d) => ({ ...d, name: `${d.name}-c${copy}`, nameWords: `${d.nameWords} c${copy}` }));
    const ids = await database.rows<{ id: number; name: string }>(sql`
      insert into packages (ecosystem, name, name_key)
      select 'crates', n, lower(replace(n, '-', '_')) from json_array_elements_text(${JSON.stringify(slice.map((d) => d.name))}::json) as n
      returning id::int as id, name`);
    const idOf = new Map(ids.map((r) => [r.name, r.id]));
    await engine.index(slice.map((d) => ({ ...d, id: idOf.get(d.name)! })));
  }
}
await database.rows(sql`analyze search_documents`);
process.stdout.write(JSON.stringify({ scale: 10, ...(await measure()) }) + '\n');
await database.close();
