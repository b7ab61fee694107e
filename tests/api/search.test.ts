import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { realIndexFile } from '../setup/index-fixtures.js';

describe('search and registry endpoints', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await runIndexCrates(t.database, ['cudarc', 'heapless', 'cortex-m', 'tokio'].map((c) => realIndexFile(c)));
    await runCompatPass(t.database);
    await drainSearch(t.database, new PostgresSearchEngine(t.database));
  });

  it('GET /api/v1/search answers hits with compatibility at a glance, facets and paging', async () => {
    const body = await expectJson(await t.app.request('/api/v1/search?q=cudarc'), 200);
    expect(body).toMatchObject({ engine: 'postgres', page: 1, perPage: 20 });
    expect(body.items[0]).toMatchObject({ ecosystem: 'crates', name: 'cudarc', accelerators: expect.arrayContaining(['cuda']), profiles: { wasm: 'no', embedded: 'no' } });
    expect(body.facets.accelerator.cuda).toBe(1);
    const filtered = await expectJson(await t.app.request('/api/v1/search?profile=embedded&sort=name'), 200);
    expect(filtered.items.map((i: { name: string }) => i.name)).toEqual(['cortex-m']);
    const paged = await expectJson(await t.app.request('/api/v1/search?perPage=2&sort=name'), 200);
    expect(paged).toMatchObject({ total: 4, nextPage: 2 });
  });

  it('rejects malformed parameters with a problem naming each field', async () => {
    const bad = await expectProblem(await t.app.request('/api/v1/search?perPage=500&sort=best&msrv=new'), 400, 'invalidRequest');
    expect(bad.errors?.map((e: { path: string }) => e.path).sort()).toEqual(['msrv', 'perPage', 'sort']);
  });

  it('GET /api/v1/crates answers as crates.io does, for cargo search', async () => {
    const body = await expectJson(await t.app.request('/api/v1/crates?q=cortex&per_page=5'), 200);
    expect(body.crates[0]).toMatchObject({ name: 'cortex-m', max_version: expect.any(String) });
    expect(body.meta.total).toBe(1);
  });

  it('serves a sparse index: config.json, and each crate file rebuilt line for line with an ETag', async () => {
    const config = await expectJson(await t.app.request('/index/config.json'), 200);
    expect(config).toEqual({ dl: 'http://ferrite.test/api/v1/crates', api: 'http://ferrite.test' });
    const res = await t.app.request('/index/cu/da/cudarc');
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(fs.readFileSync(realIndexFile('cudarc'), 'utf8'));
    const tag = res.headers.get('etag')!;
    expect(tag).toBeTruthy();
    expect((await t.app.request('/index/cu/da/cudarc', { headers: { 'if-none-match': tag } })).status).toBe(304);
    await expectProblem(await t.app.request('/index/ab/cd/cudarc'), 404, 'notFound');
    await expectProblem(await t.app.request('/index/no/ne/nonexistent'), 404, 'packageNotFound');
  });

  it('documents the search endpoints in OpenAPI', async () => {
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    expect(Object.keys(doc.paths)).toEqual(expect.arrayContaining(['/api/v1/search', '/api/v1/crates', '/api/v1/npm/{name}/compat']));
  });
});
