import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { PackageContributors } from '../../api/contributors/contracts.js';
import { grantOwnership } from '../../api/owners/service.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { expectConforms } from '../setup/openapi-answers.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { WebClient } from '../setup/web-client.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');
const quiet = () => new Writable({ write: (_c, _e, d) => d() });
// Pages are read again after each change: no micro-cache between them.
const t = useTestApp({ clock: () => new Date('2026-11-25T12:00:00Z'), pageCacheMs: 0 });
let token: string;

const contributors = async (name: string) => expectConforms(PackageContributors, await expectJson(await t.app.request(`/api/v1/packages/crates/${name}/contributors`), 200)).maintenance;
async function page(p: string) {
  const res = await t.app.request(p, { headers: { accept: 'text/html' } });
  const html = await res.text();
  if (res.status !== 200) throw new Error(`${p}: ${res.status}\n${html.slice(0, 500)}`);
  return html;
}
/** The signals block as words (tags stripped), or null when the page has none. */
const signals = (html: string) => {
  const m = /<div id="maintenance-signals">([\s\S]*?)<\/div>/.exec(html);
  return m ? m[1]!.replace(/<[^>]+>/g, '') : null;
};
const declare = async (status: string) => {
  const res = await t.app.request('/api/v1/packages/crates/atomic-polyfill/metadata', {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ schema: 1, maintenance: { status } }),
  });
  await expectJson(res, 201);
};

beforeAll(async () => {
  await runIndexCrates(t.database, ['atomic-polyfill', 'tokio'].map((n) => realIndexFile(n)));
  await indexAdvisories(t.database, [ADVISORY_DB], { out: quiet() });
  const web = new WebClient(t.app);
  await web.signUp('maya', 'correct horse battery staple');
  await grantOwnership(t.database, 'crates', 'atomic-polyfill', 'maya');
  token = await web.createToken({ name: 'meta', scopes: ['metadata:write'] });
}, 120_000);

describe('maintenance signals: the maintainers\' word beside RustSec\'s', () => {
  it('shows RustSec\'s unmaintained notice on the current version beside "not declared" when the owners said nothing', async () => {
    expect(await contributors('atomic-polyfill')).toEqual({
      declared: null,
      version: '1.0.3',
      unmaintained: [{ id: 'RUSTSEC-2023-0089', date: '2023-07-11', title: 'atomic-polyfill is unmaintained' }],
      disagree: false,
    });
    const tab = await page('/crates/atomic-polyfill/contributors');
    expect(signals(tab)).toBe('Maintainer says: not declared · RustSec: unmaintained (RUSTSEC-2023-0089, 2023-07-11)');
    expect(tab).toContain('<a href="/advisories/RUSTSEC-2023-0089">RUSTSEC-2023-0089</a>');
    expect(tab).not.toContain('These disagree');
    expect(await htmlProblems(tab)).toEqual([]);
    const crate = await page('/crates/atomic-polyfill');
    expect(signals(crate)).toBe('Maintainer says: not declared · RustSec: unmaintained (RUSTSEC-2023-0089, 2023-07-11)');
    // Beside the security banner, in the header area.
    expect(crate.indexOf('id="maintenance-signals"')).toBeGreaterThan(crate.indexOf('id="security-banner"'));
  });

  it('says plainly that the two disagree when the owners declare the crate active', async () => {
    await declare('active');
    const m = await contributors('atomic-polyfill');
    expect(m).toMatchObject({ declared: 'active', disagree: true, unmaintained: [{ id: 'RUSTSEC-2023-0089' }] });
    for (const html of [await page('/crates/atomic-polyfill/contributors'), await page('/crates/atomic-polyfill')]) {
      expect(signals(html)).toContain('Maintainer says: active · RustSec: unmaintained (RUSTSEC-2023-0089, 2023-07-11)');
      expect(signals(html)).toContain('These disagree: the maintainers declare active, but RustSec lists 1.0.3 as unmaintained.');
      expect(await htmlProblems(html)).toEqual([]);
    }
  });

  it('finds no disagreement when the owners themselves declare the crate deprecated', async () => {
    await declare('deprecated');
    expect(await contributors('atomic-polyfill')).toMatchObject({ declared: 'deprecated', disagree: false });
    const tab = await page('/crates/atomic-polyfill/contributors');
    expect(signals(tab)).toBe('Maintainer says: deprecated · RustSec: unmaintained (RUSTSEC-2023-0089, 2023-07-11)');
  });

  it('shows no RustSec notice for a crate whose current version has none, and keeps the crate page as it was when neither side says anything', async () => {
    const m = await contributors('tokio');
    expect(m.declared).toBeNull();
    expect(m.unmaintained).toEqual([]);
    expect(m.disagree).toBe(false);
    expect(signals(await page('/crates/tokio/contributors'))).toBe(`Maintainer says: not declared · RustSec: no unmaintained notice for ${m.version}`);
    expect(signals(await page('/crates/tokio'))).toBeNull();
  });

  it('stops counting the notice once RustSec withdraws it', async () => {
    // RustSec withdraws an unmaintained notice when maintenance resumes (humantime's RUSTSEC-2025-0014 was);
    // the same file with a `withdrawn` date, indexed as a database update would be.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-rustsec-'));
    const rel = path.join('crates', 'atomic-polyfill', 'RUSTSEC-2023-0089.md');
    fs.mkdirSync(path.dirname(path.join(root, rel)), { recursive: true });
    const original = fs.readFileSync(path.join(ADVISORY_DB, rel), 'utf8');
    fs.writeFileSync(path.join(root, rel), original.replace('informational = "unmaintained"', 'informational = "unmaintained"\nwithdrawn = "2026-01-01"'));
    await indexAdvisories(t.database, [root], { out: quiet() });
    fs.rmSync(root, { recursive: true, force: true });
    expect(await contributors('atomic-polyfill')).toEqual({ declared: 'deprecated', version: '1.0.3', unmaintained: [], disagree: false });
    expect(signals(await page('/crates/atomic-polyfill'))).toBe('Maintainer says: deprecated · RustSec: no unmaintained notice for 1.0.3');
  });
});
