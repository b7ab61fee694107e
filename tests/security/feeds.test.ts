import { sql } from 'drizzle-orm';
import xmljs, { type Element } from 'xml-js';
import { beforeAll, describe, expect, it } from 'vitest';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { useTestApp } from '../setup/app.js';
import { createCrate, createNpmPackage, uniqueName } from '../setup/factories.js';

const SCRIPT = '<script>alert(document.cookie)</script>';
/** Markup, a CDATA terminator, entities and a control character XML 1.0 forbids. */
const DESCRIPTION = `Fast ${SCRIPT} & <img src=x onerror=alert(1)> ]]><![CDATA[<b>bold</b>]]> &amp; bell\u0007 end`;
const CATEGORY = `"><script>alert(2)</script>`;
/** A name stored before names were checked, as an old catalog may still hold. */
const LEGACY_NAME = 'x<img src=x onerror=alert(1)>';

const children = (e: Element, name: string) => (e.elements ?? []).filter((c) => c.name === name);
const text = (e: Element) => (e.elements ?? []).map((c) => c.text ?? c.cdata ?? '').join('');

describe('the Atom feeds carry package text as text, never as HTML', () => {
  const t = useTestApp();
  const names = { crate: uniqueName('feed-crate'), npm: `${uniqueName('feed-pkg')}-it's`, legacy: LEGACY_NAME };

  beforeAll(async () => {
    await createCrate(t.database, { name: names.crate, meta: { description: DESCRIPTION, categories: [CATEGORY] } });
    await createNpmPackage(t.database, { name: names.npm, meta: { description: DESCRIPTION } });
    const legacy = await createNpmPackage(t.database, { meta: { description: SCRIPT } });
    await t.database.rows(sql`update packages set name = ${LEGACY_NAME}, name_key = ${LEGACY_NAME} where id = ${legacy.id}`);
    await t.database.rows(sql`insert into outbox (topic, key) values ('search.package', ${String(legacy.id)})`);
    const drained = await drainSearch(t.database, new PostgresSearchEngine(t.database));
    expect(drained.error).toBeUndefined();
  });

  it('escapes names, descriptions and categories, and the XML parses with them intact', async () => {
    const res = await t.app.request('/feeds/packages.atom');
    const xml = await res.text();
    expect(res.status, xml).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    expect(xml).not.toMatch(/<script|<img|type="html"|<!\[CDATA\[/i);
    expect(xml).not.toMatch(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/);

    const feed = children(xmljs.xml2js(xml) as Element, 'feed')[0]!;
    const entries = children(feed, 'entry');
    expect(entries).toHaveLength(3);
    const byTitle = new Map(entries.map((e) => [text(children(e, 'title')[0]!), e]));
    expect([...byTitle.keys()].sort()).toEqual([`${names.crate} 0.1.0`, `${names.npm} 1.0.0`, `${LEGACY_NAME} 1.0.0`].sort());

    for (const e of entries) {
      for (const tag of ['title', 'summary', 'content']) {
        for (const el of children(e, tag)) expect(el.attributes?.type, tag).toBe('text');
      }
    }
    const crate = byTitle.get(`${names.crate} 0.1.0`)!;
    expect(text(children(crate, 'summary')[0]!)).toBe(DESCRIPTION.replace('\u0007', '\ufffd'));
    expect(children(crate, 'category').map((c) => c.attributes?.term)).toEqual([CATEGORY]);
    const legacy = byTitle.get(`${LEGACY_NAME} 1.0.0`)!;
    expect(text(children(legacy, 'summary')[0]!)).toBe(SCRIPT);
    expect(children(legacy, 'link')[0]!.attributes?.href).toBe(`http://ferrite.test/npm/${encodeURIComponent(LEGACY_NAME)}`);
  });
});
