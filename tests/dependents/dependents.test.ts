import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshDependents } from '../../api/dependents/refresh.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { INDEX_FULL, INDEX_RECENT } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { htmlProblems } from '../setup/html.js';
import { dependentsFromIndexFiles } from './index-graph.js';

type Page = { crate: string; kind: string; total: number; page: number; perPage: number; counts: { direct: number; all: number } | null; rule: string; items: { name: string; direct: boolean; req: string | null; kinds: string[]; dependents: number }[] };

describe('reverse dependencies from real index files', () => {
  const t = useTestApp();
  const expected = dependentsFromIndexFiles([INDEX_FULL, INDEX_RECENT]);
  const key = (n: string) => n.toLowerCase().replace(/-/g, '_');
  /** The crate with the most direct dependents in the files, and one with few. */
  const [top, some] = (() => {
    const ranked = [...expected.direct].filter(([, s]) => s.size > 0).sort((a, b) => b[1].size - a[1].size || a[0].localeCompare(b[0]));
    return [expected.names.get(ranked[0]![0])!, expected.names.get(ranked.at(-1)![0])!];
  })();

  beforeAll(async () => {
    await runIndexCrates(t.database, [INDEX_FULL, INDEX_RECENT]);
  }, 120_000);

  it('counts direct and transitive dependents exactly as the index files say, for every crate', async () => {
    const r = await refreshDependents(t.database);
    expect(r.crates).toBe(expected.names.size);
    const rows = await t.database.rows<{ name: string; direct: number; transitive: number }>(sql`
      select p.name, c.direct, c.transitive from dependent_counts c join packages p on p.id = c.package_id`);
    expect(rows.length).toBe(expected.names.size);
    const got = Object.fromEntries(rows.map((x) => [key(x.name), [x.direct, x.transitive]]));
    const want = Object.fromEntries([...expected.names.keys()].map((k) => [k, [expected.direct.get(k)!.size, expected.transitive.get(k)!]]));
    expect(got).toEqual(want);
    // The data must exercise the closure: some crate is reached through others, not only directly.
    expect(rows.some((x) => x.transitive > x.direct)).toBe(true);
  });

  it('a second computation over the same records changes no count and queues no search update', async () => {
    const [before] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from outbox where topic = 'search.package'`);
    const r = await refreshDependents(t.database);
    expect(r.changed).toBe(0);
    const [after] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from outbox where topic = 'search.package'`);
    expect(after!.n).toBe(before!.n);
  });

  it('pages through the direct dependents with the total, most used first, and they are the ones the files name', async () => {
    const names: string[] = [];
    let total = -1;
    for (let page = 1; page < 1000; page++) {
      const body = await expectJson<Page>(await t.app.request(`/api/v1/crates/${top}/dependents?perPage=7&page=${page}`), 200);
      expect(body).toMatchObject({ crate: top, kind: 'direct', page, perPage: 7 });
      total = body.total;
      if (body.items.length === 0) break;
      expect(body.items.length).toBeLessThanOrEqual(7);
      for (const i of body.items) expect(i).toMatchObject({ direct: true, req: expect.any(String) });
      names.push(...body.items.map((i) => i.name));
    }
    expect(total).toBe(expected.direct.get(key(top))!.size);
    expect(new Set(names.map(key))).toEqual(expected.direct.get(key(top)));
    expect(names.length).toBe(total);
    const first = await expectJson<Page>(await t.app.request(`/api/v1/crates/${top}/dependents?perPage=100`), 200);
    const order = first.items.map((i) => i.dependents);
    expect(order).toEqual([...order].sort((a, b) => b - a));
    expect(first.counts).toEqual({ direct: total, all: expected.transitive.get(key(top)) });
    expect(first.rule).toMatch(/dev-dependencies not/);
  });

  it('lists every crate of the closure with kind=all, and says which are direct', async () => {
    const body = await expectJson<Page>(await t.app.request(`/api/v1/crates/${top}/dependents?kind=all&perPage=100`), 200);
    expect(body.total).toBe(expected.transitive.get(key(top)));
    expect(body.items.filter((i) => i.direct).every((i) => expected.direct.get(key(top))!.has(key(i.name)))).toBe(true);
    expect(body.items.filter((i) => !i.direct).every((i) => i.req === null && i.kinds.length === 0)).toBe(true);
    const small = await expectJson<Page>(await t.app.request(`/api/v1/crates/${some}/dependents?kind=all`), 200);
    expect(small.total).toBe(expected.transitive.get(key(some)));
  });

  it('a page past the end is empty and still carries the total', async () => {
    const body = await expectJson<Page>(await t.app.request(`/api/v1/crates/${some}/dependents?page=500`), 200);
    expect(body.items).toEqual([]);
    expect(body.total).toBe(expected.direct.get(key(some))!.size);
  });

  it('answers 404 for a crate that is not indexed and 400 for bad parameters, as problem+json', async () => {
    await expectProblem(await t.app.request('/api/v1/crates/no-such-crate-here/dependents'), 404, 'packageNotFound');
    for (const q of ['kind=reverse', 'perPage=0', 'perPage=101', 'page=0', 'page=abc', 'page=99999999999']) {
      const p = await expectProblem(await t.app.request(`/api/v1/crates/${top}/dependents?${q}`), 400, 'invalidRequest');
      expect(p.errors?.length).toBeGreaterThan(0);
    }
    await expectProblem(await t.app.request('/api/v1/crates/..%2F..%2Fetc/dependents'), 400);
  });

  it('renders the dependents page, both lists, and links to it from the crate page', async () => {
    const res = await t.app.request(`/crates/${top}/dependents`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    expect(html).toContain(`Crates that use ${top}`);
    expect(html).toContain(`${expected.direct.get(key(top))!.size.toLocaleString('en')} crates use ${top} directly`);
    expect(html).toContain('Sorted by how many crates use each directly');
    expect(await htmlProblems(html)).toEqual([]);
    const all = await (await t.app.request(`/crates/${top}/dependents?kind=all`)).text();
    expect(all).toContain(`${expected.transitive.get(key(top))!.toLocaleString('en')} crates`);
    expect(await htmlProblems(all)).toEqual([]);
    const crate = await (await t.app.request(`/crates/${top}`)).text();
    expect(crate).toContain(`href="/crates/${top}/dependents"`);
    const missing = await t.app.request('/crates/no-such-crate-here/dependents', { headers: { accept: 'text/html' } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('content-type')).toContain('text/html');
    expect((await t.app.request(`/crates/${top}/dependents?perPage=5000`)).status).toBe(400);
  });
});
