import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { storeCrateRecords } from '../../api/packages/write.js';
import { parseIndexLine } from '../../api/engine/formats/index-record.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { createCrate, createNpmPackage, uniqueName } from '../setup/factories.js';
import { SHARED_DATA } from '../setup/shared-data.js';

function realRecords(rel: string) {
  return fs
    .readFileSync(path.join(SHARED_DATA, 'crates-index', rel), 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const p = parseIndexLine(l);
      if (!p.ok) throw new Error(p.reason);
      return p.record;
    });
}

describe('GET /api/v1/packages', () => {
  const t = useTestApp();

  it('pages through every package with a cursor, in ecosystem then name order', async () => {
    const prefix = uniqueName('page');
    const names = ['a', 'b', 'c', 'd', 'e'].map((s) => `${prefix}-${s}`);
    for (const name of names) await createCrate(t.database, { name });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const q: string = `/api/v1/packages?ecosystem=crates&limit=2${cursor ? `&cursor=${cursor}` : ''}`;
      const page: { items: { name: string }[]; nextCursor: string | null } = await expectJson(await t.app.request(q), 200);
      expect(page.items.length).toBeLessThanOrEqual(2);
      seen.push(...page.items.map((i) => i.name));
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen.filter((n) => n.startsWith(prefix))).toEqual(names);
  });

  it('filters by ecosystem', async () => {
    const npm = await createNpmPackage(t.database);
    const crates = await expectJson(await t.app.request('/api/v1/packages?ecosystem=crates&limit=100'), 200);
    expect(crates.items.every((i: { ecosystem: string }) => i.ecosystem === 'crates')).toBe(true);
    const npms = await expectJson(await t.app.request('/api/v1/packages?ecosystem=npm&limit=100'), 200);
    expect(npms.items.map((i: { name: string }) => i.name)).toContain(npm.name);
  });

  it('defaults to 20 items per page', async () => {
    for (let i = 0; i < 21; i++) await createCrate(t.database);
    const page = await expectJson(await t.app.request('/api/v1/packages'), 200);
    expect(page.items).toHaveLength(20);
    expect(page.nextCursor).toEqual(expect.any(String));
  });

  it.each([
    ['limit=0', 'limit'],
    ['limit=101', 'limit'],
    ['limit=ten', 'limit'],
    ['ecosystem=pypi', 'ecosystem'],
  ])('refuses %s with a 400 problem naming %s', async (query, field) => {
    const problem = await expectProblem(await t.app.request(`/api/v1/packages?${query}`), 400, 'invalidRequest');
    expect(problem.errors?.map((e) => e.path)).toContain(field);
  });

  it('refuses a cursor it did not issue', async () => {
    const problem = await expectProblem(await t.app.request('/api/v1/packages?cursor=bm90LWEtY3Vyc29y'), 400, 'invalidCursor');
    expect(problem.errors?.[0]?.path).toBe('cursor');
  });
});

describe('GET /api/v1/crates/{name}', () => {
  const t = useTestApp();

  it('answers in crates.io\'s shape, versions newest first by semver, not by publish order', async () => {
    await storeCrateRecords(t.database.db, realRecords('index-full/hy/pe/hyper'));
    const body = await expectJson(await t.app.request('/api/v1/crates/hyper'), 200);
    expect(body.crate.name).toBe('hyper');
    const nums: string[] = body.versions.map((v: { num: string }) => v.num);
    const lines = realRecords('index-full/hy/pe/hyper').map((r) => r.vers);
    expect(nums).toHaveLength(lines.length);
    expect(nums).not.toEqual([...lines].reverse()); // publish order is not semver order for hyper
    expect(body.crate.max_version).toBe(nums[0]);
    expect(body.crate.num_versions).toBe(lines.length);
  });

  it('picks a non-yanked stable default when the newest version is yanked (heapless 0.9.0)', async () => {
    const records = realRecords('index-full/he/ap/heapless');
    await storeCrateRecords(t.database.db, records);
    const yanked = records.find((r) => r.vers === '0.9.0');
    expect(yanked?.yanked).toBe(true);
    const body = await expectJson(await t.app.request('/api/v1/crates/heapless'), 200);
    expect(body.crate.max_version).toBe('0.9.0');
    expect(body.crate.default_version).not.toBe('0.9.0');
    expect(body.versions.find((v: { num: string }) => v.num === '0.9.0').yanked).toBe(true);
  });

  it('finds a crate whatever the case and -/_ spelling, as crates.io does', async () => {
    const { name } = await createCrate(t.database, { name: `${uniqueName('Mixed')}_Case` });
    const folded = name.toLowerCase().replace(/_/g, '-');
    const body = await expectJson(await t.app.request(`/api/v1/crates/${folded}`), 200);
    expect(body.crate.name).toBe(name);
  });

  it('lists versions and one version in crates.io\'s shape', async () => {
    const { name } = await createCrate(t.database, { versions: ['0.1.0', '0.2.0', '0.10.0'] });
    const list = await expectJson(await t.app.request(`/api/v1/crates/${name}/versions`), 200);
    expect(list.meta.total).toBe(3);
    expect(list.versions.map((v: { num: string }) => v.num)).toEqual(['0.10.0', '0.2.0', '0.1.0']);
    const one = await expectJson(await t.app.request(`/api/v1/crates/${name}/0.2.0`), 200);
    expect(one.version).toMatchObject({ crate: name, num: '0.2.0', yanked: false, dl_path: `/api/v1/crates/${name}/0.2.0/download` });
  });

  it('supports conditional requests with ETag', async () => {
    const { name } = await createCrate(t.database);
    const first = await t.app.request(`/api/v1/crates/${name}`);
    const tag = first.headers.get('etag');
    expect(tag).toBeTruthy();
    expect(first.headers.get('cache-control')).toContain('max-age');
    const again = await t.app.request(`/api/v1/crates/${name}`, { headers: { 'if-none-match': tag! } });
    expect(again.status).toBe(304);
  });

  it('answers 404 problems for unknown crates and versions', async () => {
    const { name } = await createCrate(t.database);
    for (const url of [`/api/v1/crates/${uniqueName('nope')}`, `/api/v1/crates/${uniqueName('nope')}/versions`]) {
      await expectProblem(await t.app.request(url), 404, 'packageNotFound');
    }
    await expectProblem(await t.app.request(`/api/v1/crates/${name}/9.9.9`), 404, 'versionNotFound');
    await expectProblem(await t.app.request(`/api/v1/crates/${name}/9.9.9/index-record`), 404, 'versionNotFound');
  });

  it.each(['/api/v1/crates/9starts-with-digit', '/api/v1/crates/has%20space/versions', `/api/v1/crates/${'x'.repeat(65)}`, '/api/v1/crates/ok/1.0.0%2F..'])(
    'refuses the malformed name or version in %s with a 400 problem',
    async (url) => {
      const problem = await expectProblem(await t.app.request(url), 400, 'invalidRequest');
      expect(problem.errors?.length).toBeGreaterThan(0);
    },
  );
});

describe('GET /api/v1/npm/{name}', () => {
  const t = useTestApp();

  it('answers a scoped package with its platform facts', async () => {
    const name = `@${uniqueName('scope')}/binding`;
    await createNpmPackage(t.database, {
      name,
      meta: { description: 'A binding', license: 'MIT' },
      versions: [
        { num: '1.0.0', publishedAt: new Date('2025-01-01T00:00:00Z'), facts: { os: ['darwin'], cpu: ['arm64'], engines: { node: '>= 10' } } },
        { num: '1.1.0', publishedAt: new Date('2025-02-01T00:00:00Z'), facts: { os: ['linux'], cpu: ['x64'], libc: ['glibc'], deprecated: 'use 2.x' } },
      ],
    });
    const body = await expectJson(await t.app.request(`/api/v1/npm/${encodeURIComponent(name)}`), 200);
    expect(body).toMatchObject({ ecosystem: 'npm', name, description: 'A binding', license: 'MIT', latestVersion: '1.1.0' });
    expect(body.versions[0]).toMatchObject({ version: '1.1.0', os: ['linux'], cpu: ['x64'], libc: ['glibc'], deprecated: 'use 2.x', publishedAt: '2025-02-01T00:00:00.000Z' });
    expect(body.versions[1]).toMatchObject({ version: '1.0.0', engines: { node: '>= 10' }, deprecated: null });
  });

  it('answers 404 for an unknown package and 400 for an invalid name', async () => {
    await expectProblem(await t.app.request(`/api/v1/npm/${uniqueName('nope')}`), 404, 'packageNotFound');
    const problem = await expectProblem(await t.app.request('/api/v1/npm/Upper%20Case'), 400, 'invalidRequest');
    expect(problem.errors?.[0]?.path).toBe('name');
  });
});
