import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');

describe('advisories on the pages', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await runIndexCrates(t.database, ['tokio', 'atomic-polyfill', 'cortex-m-rt'].map((n) => realIndexFile(n)));
    await indexAdvisories(t.database, [ADVISORY_DB], { out: new Writable({ write: (_c, _e, d) => d() }) });
  }, 120_000);

  async function page(p: string, status = 200) {
    const res = await t.app.request(p, { headers: { accept: 'text/html' } });
    const html = await res.text();
    if (res.status !== status) throw new Error(`${p}: expected ${status}, got ${res.status}\n${html.slice(0, 500)}`);
    return html;
  }
  /** The list of advisories that affect the version shown, and nothing after it. */
  const thisVersion = (html: string) => html.slice(html.indexOf('id="security-this-version"'), html.search(/id="security-other-versions"|<h2 id="compatibility"/));

  it('shows an advisory on the crate page of an affected version, and not among those of its patched successor', async () => {
    const affected = await page('/crates/tokio?version=1.23.0');
    expect(thisVersion(affected)).toContain('href="/advisories/RUSTSEC-2023-0001"');
    expect(thisVersion(affected)).toContain('reject_remote_clients Configuration corruption');
    expect(thisVersion(affected)).toContain('&gt;= 1.23.1');
    const patched = await page('/crates/tokio?version=1.23.1');
    expect(thisVersion(patched)).not.toContain('RUSTSEC-2023-0001');
    // It is still listed for the crate, under the other versions.
    expect(patched.slice(patched.indexOf('id="security-other-versions"'))).toContain('RUSTSEC-2023-0001');
    expect(await htmlProblems(patched)).toEqual([]);
  });

  it('marks affected versions in the versions list, and shows no banner when the newest version is clear', async () => {
    const html = await page('/crates/tokio');
    expect(html).not.toContain('id="security-banner"');
    // 1.23.0 is affected by RUSTSEC-2023-0001 (patched >= 1.23.1) among others.
    const mark = (num: string) => new RegExp(`href="/crates/tokio\\?version=${num.replace(/\./g, '\\.')}">${num.replace(/\./g, '\\.')}</a><span class="badge s-no" title="([^"]*)"`).exec(html)?.[1];
    expect(mark('1.23.0')).toContain('RUSTSEC-2023-0001');
    // 1.23.1 has the fix for RUSTSEC-2023-0001 but not yet for the unsoundness fixed in 1.24.2.
    expect(mark('1.23.1')).not.toContain('RUSTSEC-2023-0001');
    expect(mark('1.23.1')).toContain('RUSTSEC-2023-0005');
    expect(thisVersion(html)).toContain('No known advisory affects this version.');
  });

  it('puts a banner on a crate whose newest version is unmaintained', async () => {
    const html = await page('/crates/atomic-polyfill');
    expect(html).toContain('id="security-banner"');
    expect(html).toMatch(/atomic-polyfill 1\.0\.3 \(the newest version\) is affected by an advisory \(unmaintained\)/);
    expect(await htmlProblems(html)).toEqual([]);
  });

  it('has a page per advisory, with its description as sanitised HTML, and a 404 page for an unknown one', async () => {
    const html = await page('/advisories/RUSTSEC-2023-0014');
    expect(html).toContain('RUSTSEC-2023-0014');
    expect(html).toContain('<code>&gt;= 0.7.3 </code>');
    expect(html).not.toMatch(/<script(?![^>]*src=)/);
    expect(await htmlProblems(html)).toEqual([]);
    // The alias resolves too.
    expect(await page('/advisories/CVE-2023-22466')).toContain('reject_remote_clients');
    await page('/advisories/RUSTSEC-2099-0001', 404);
    await page('/advisories/%3Cscript%3E', 404);
  });

  it('draws an advisory badge for the newest version, and a not-found badge for an unknown crate', async () => {
    const badge = async (p: string, status: number) => {
      const res = await t.app.request(p);
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
      return res.text();
    };
    // atomic-polyfill's every version is unmaintained (RUSTSEC-2023-0089); tokio's newest is clear.
    expect(await badge('/badge/crates/atomic-polyfill/advisories.svg', 200)).toContain('unmaintained');
    expect(await badge('/badge/crates/tokio/advisories.svg', 200)).toContain('none known');
    expect(await badge('/badge/crates/no-such-crate-here/advisories.svg', 404)).toContain('not found');
  });

  it('publishes the newest advisories as an Atom feed, as escaped text', async () => {
    const res = await t.app.request('/feeds/advisories.atom');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await res.text();
    expect(xml.match(/<entry>/g)?.length).toBeGreaterThan(5);
    expect(xml.match(/<entry>/g)?.length).toBeLessThanOrEqual(50);
    expect(xml).not.toContain('<script');
    // Newest first: the first entry's date is the newest date stored.
    const [newest] = await t.database.rows<{ id: string }>(sql`select id from advisories order by date desc, id desc limit 1`);
    expect(xml.indexOf(`/advisories/${newest!.id}</id>`)).toBeLessThan(xml.indexOf('</entry>'));
  });
});
