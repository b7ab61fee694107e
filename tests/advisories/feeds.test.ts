import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import xmljs, { type Element } from 'xml-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { nameKey } from '../../api/engine/formats/names.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { createCrate } from '../setup/factories.js';
import { htmlProblems } from '../setup/html.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { useWebCatalog } from '../setup/web-catalog.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');
const THUMB = 'thumbv7em-none-eabihf';

const children = (e: Element, name: string) => (e.elements ?? []).filter((c) => c.name === name);
const text = (e: Element) => (e.elements ?? []).map((c) => c.text ?? '').join('');

describe('advisory feeds per category and per target', () => {
  const t = useWebCatalog();
  let packageOf: Map<string, string>;

  beforeAll(async () => {
    await indexAdvisories(t.database, [ADVISORY_DB], { out: new Writable({ write: (_c, _e, d) => d() }) });
    // rulinalg has a real advisory (RUSTSEC-2020-0023) but is no seed crate: indexed here in a
    // subcategory, it shows that a parent category's feed includes its subcategories, as its page does.
    await createCrate(t.database, { name: 'rulinalg', versions: ['0.4.2'], meta: { categories: ['science::ml'] } });
    const drained = await drainSearch(t.database, new PostgresSearchEngine(t.database));
    expect(drained.error).toBeUndefined();
    const rows = await t.database.rows<{ id: string; package_key: string }>(sql`select id, package_key from advisories`);
    packageOf = new Map(rows.map((r) => [r.id, r.package_key]));
  }, 120_000);

  /** The feed parsed as XML: its title, self link and entries (advisory id and crate key), in order. */
  async function feed(p: string) {
    const res = await t.app.request(p);
    const xml = await res.text();
    expect(res.status, xml.slice(0, 500)).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const root = children(xmljs.xml2js(xml) as Element, 'feed')[0]!;
    const entries = children(root, 'entry').map((e) => {
      const id = text(children(e, 'id')[0]!).replace(/^.*\/advisories\//, '');
      return { id, crate: packageOf.get(id)! };
    });
    const self = children(root, 'link').find((l) => l.attributes?.rel === 'self')?.attributes?.href;
    return { title: text(children(root, 'title')[0]!), self, entries, crates: new Set(entries.map((e) => e.crate)) };
  }

  /** The crates a category or target page lists, every page of it (as name keys). */
  async function listedOn(base: string): Promise<Set<string>> {
    const keys = new Set<string>();
    for (let page = 1; ; page += 1) {
      const res = await t.app.request(`${base}?sort=name&page=${page}`, { headers: { accept: 'text/html' } });
      const html = await res.text();
      expect(res.status, html.slice(0, 500)).toBe(200);
      for (const m of html.matchAll(/<h3><a href="\/crates\/([^"?/]+)">/g)) keys.add(nameKey('crates', decodeURIComponent(m[1]!)));
      if (!html.includes('rel="next"')) return keys;
    }
  }

  /** The newest 50 advisories (by date, then id) of these crates: what a narrowed feed must list. */
  async function newestOf(keys: Set<string>): Promise<string[]> {
    const rows = await t.database.rows<{ id: string }>(
      sql`select id from advisories where package_key in (select value from json_array_elements_text(${JSON.stringify([...keys])}::json)) order by date desc, id desc limit 50`,
    );
    return rows.map((r) => r.id);
  }

  it('lists in a category feed the advisories of exactly the crates its page lists, subcategories included', async () => {
    const embedded = await feed('/feeds/advisories/categories/embedded.atom');
    expect(embedded.title).toBe('Ferrite: RustSec advisories in Embedded development');
    expect(embedded.self).toBe('http://ferrite.test/feeds/advisories/categories/embedded.atom');
    // cortex-m-rt is in `embedded`; tokio (five advisories here) is not.
    expect(embedded.entries.map((e) => e.id)).toContain('RUSTSEC-2023-0014');
    expect(embedded.crates).not.toContain('tokio');
    expect(embedded.entries.map((e) => e.id)).toEqual(await newestOf(await listedOn('/categories/embedded')));

    const science = await feed('/feeds/advisories/categories/science.atom');
    expect(science.crates).toContain('rulinalg');
    expect(science.crates).toContain(nameKey('crates', 'tract-nnef'));
    expect(science.crates).not.toContain('hyper');
    expect(science.entries.map((e) => e.id)).toEqual(await newestOf(await listedOn('/categories/science')));
    // The subcategory's own feed has rulinalg and not the crates only in its parent.
    const ml = await feed('/feeds/advisories/categories/science::ml.atom');
    expect([...ml.crates]).toEqual(['rulinalg']);
  });

  it('lists in a target feed the advisories of exactly the crates its page lists, and none of a crate answering no there', async () => {
    const thumb = await feed(`/feeds/advisories/targets/${THUMB}.atom`);
    expect(thumb.title).toBe(`Ferrite: RustSec advisories for ${THUMB}`);
    const listed = await listedOn(`/targets/${THUMB}`);
    expect(listed).toContain('heapless');
    expect(thumb.crates).toContain('heapless');
    expect(thumb.entries.map((e) => e.id)).toEqual(await newestOf(listed));
    // tokio needs std, which this target lacks: the rule answers no, the page does not list it, nor does the feed.
    const [tokio] = await t.database.rows<{ num: string }>(sql`select default_version as num from packages where name = 'tokio'`);
    const answer = await (await t.app.request(`/api/v1/crates/tokio/${tokio!.num}/targets/${THUMB}`)).json();
    expect(answer.status).toBe('no');
    expect(listed).not.toContain('tokio');
    expect(thumb.crates).not.toContain('tokio');
    // On the host target tokio runs, and its advisories are there.
    expect((await feed('/feeds/advisories/targets/x86_64-unknown-linux-gnu.atom')).crates).toContain('tokio');
  });

  it('answers 404 for an unknown or malformed category or triple, never a server error', async () => {
    for (const p of [
      '/feeds/advisories/categories/no-such-category.atom',
      '/feeds/advisories/categories/Embedded.atom',
      '/feeds/advisories/categories/science::.atom',
      `/feeds/advisories/categories/${'a'.repeat(5000)}.atom`,
      '/feeds/advisories/categories/embedded/extra.atom',
      '/feeds/advisories/targets/not-a-target.atom',
      '/feeds/advisories/targets/%3Cscript%3E.atom',
      `/feeds/advisories/targets/${'x'.repeat(5000)}.atom`,
    ]) {
      const res = await t.app.request(p);
      expect(res.status, `${p}: ${(await res.text()).slice(0, 300)}`).toBe(404);
    }
    // A browser gets the site's not-found page.
    const page = await t.app.request('/feeds/advisories/targets/not-a-target.atom', { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain('No such target');
  });

  it('links each feed from its page, in the head and visibly, and keeps the overall feed as it was', async () => {
    for (const [page, href] of [
      ['/categories/embedded', '/feeds/advisories/categories/embedded.atom'],
      [`/targets/${THUMB}`, `/feeds/advisories/targets/${THUMB}.atom`],
    ]) {
      const html = await (await t.app.request(page!, { headers: { accept: 'text/html' } })).text();
      const head = html.slice(0, html.indexOf('</head>'));
      expect(head).toMatch(new RegExp(`<link rel="alternate" type="application/atom\\+xml" title="Advisories [^"]+" href="${href}"`));
      expect(html.slice(html.indexOf('<body'))).toContain(`<a href="${href}">Advisories feed</a>`);
      expect(await htmlProblems(html), page).toEqual([]);
    }
    const overall = await feed('/feeds/advisories.atom');
    expect(overall.title).toBe('Ferrite: RustSec advisories');
    expect(overall.self).toBe('http://ferrite.test/feeds/advisories.atom');
    expect(overall.entries).toHaveLength(50);
  });
});
