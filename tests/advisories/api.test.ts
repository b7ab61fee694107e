import path from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { INDEX_RECENT, realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');
const silent = new Writable({ write: (_c, _e, d) => d() });

describe('advisories over the API', () => {
  const t = useTestApp();
  beforeAll(async () => {
    // Real index files: tokio (advisories of its own), and two crates whose default builds reach advisories.
    await runIndexCrates(t.database, [
      ...['tokio', 'postcard', 'heapless', 'atomic-polyfill', 'hyper'].map((n) => realIndexFile(n)),
      realIndexFile('bytes', INDEX_RECENT),
    ]);
    await indexAdvisories(t.database, [ADVISORY_DB], { out: silent });
  }, 120_000);
  const get = (p: string) => t.app.request(p);

  it('gives an advisory by id and by its CVE or GHSA alias', async () => {
    const a = await expectJson(await get('/api/v1/advisories/RUSTSEC-2023-0001'), 200);
    expect(a).toMatchObject({
      id: 'RUSTSEC-2023-0001', package: 'tokio', kind: 'vulnerability', title: 'reject_remote_clients Configuration corruption',
      date: '2023-01-04', withdrawn: null, aliases: ['CVE-2023-22466', 'GHSA-7rrj-xr53-82p7'], severity: null,
      patched: ['>= 1.18.4, < 1.19.0', '>= 1.20.3, < 1.21.0', '>= 1.23.1'], unaffected: ['< 1.7.0'],
      affected: { os: ['windows'], arch: [], functions: {} }, sourcePath: 'crates/tokio/RUSTSEC-2023-0001.md',
    });
    expect(a.description).toMatch(/^On Windows, configuring a named pipe server/);
    expect((await expectJson(await get('/api/v1/advisories/CVE-2023-22466'), 200)).id).toBe('RUSTSEC-2023-0001');
    expect((await expectJson(await get('/api/v1/advisories/ghsa-7rrj-xr53-82p7'), 200)).id).toBe('RUSTSEC-2023-0001');
    const hyper = await expectJson(await get('/api/v1/advisories/RUSTSEC-2021-0020'), 200);
    expect(hyper.severity).toEqual({ version: '3.1', score: 8.1, rating: 'high' });
  });

  it('answers 404 problem+json for an unknown advisory and 400 for a malformed id', async () => {
    await expectProblem(await get('/api/v1/advisories/RUSTSEC-2099-0001'), 404, 'notFound');
    await expectProblem(await get('/api/v1/advisories/RUSTSEC-2099-0001/osv'), 404, 'notFound');
    await expectProblem(await get('/api/v1/advisories/x'), 400, 'invalidRequest');
    await expectProblem(await get(`/api/v1/advisories/RUSTSEC-${'9'.repeat(80)}`), 400, 'invalidRequest');
    await expectProblem(await get('/api/v1/advisories/%27%3B--'), 400, 'invalidRequest');
  });

  it('exports OSV 1.6 with SEMVER events, affected systems, severity and withdrawn', async () => {
    const o = await expectJson(await get('/api/v1/advisories/RUSTSEC-2023-0001/osv'), 200);
    expect(o).toMatchObject({
      schema_version: '1.6.0', id: 'RUSTSEC-2023-0001', published: '2023-01-04T00:00:00Z', aliases: ['CVE-2023-22466', 'GHSA-7rrj-xr53-82p7'],
      summary: 'reject_remote_clients Configuration corruption',
      affected: [{
        package: { ecosystem: 'crates.io', name: 'tokio', purl: 'pkg:cargo/tokio' },
        ranges: [{ type: 'SEMVER', events: [{ introduced: '1.7.0' }, { fixed: '1.18.4' }, { introduced: '1.19.0' }, { fixed: '1.20.3' }, { introduced: '1.21.0' }, { fixed: '1.23.1' }] }],
        ecosystem_specific: { affects: { os: ['windows'], arch: [], functions: [] } },
      }],
      database_specific: { license: 'CC0-1.0', kind: 'vulnerability', source: 'crates/tokio/RUSTSEC-2023-0001.md' },
    });
    expect(o.withdrawn).toBeUndefined();
    expect(o.references[0]).toEqual({ type: 'ADVISORY', url: 'https://rustsec.org/advisories/RUSTSEC-2023-0001.html' });
    expect((await expectJson(await get('/api/v1/advisories/RUSTSEC-2021-0020/osv'), 200)).severity).toEqual([{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H' }]);
    const withdrawn = await expectJson(await get('/api/v1/advisories/RUSTSEC-2022-0044/osv'), 200);
    expect(withdrawn).toMatchObject({ withdrawn: '2025-04-28T00:00:00Z', affected: [{ ecosystem_specific: { informational: 'unmaintained' } }] });
  });

  it('lists the advisories that affect a version, and not those its patched successor escapes', async () => {
    const affected = await expectJson(await get('/api/v1/crates/tokio/1.23.0/advisories'), 200);
    expect(affected.direct.map((a: { id: string }) => a.id)).toContain('RUSTSEC-2023-0001');
    const patched = await expectJson(await get('/api/v1/crates/tokio/1.23.1/advisories'), 200);
    const ids = patched.direct.map((a: { id: string }) => a.id);
    expect(ids).not.toContain('RUSTSEC-2023-0001');
    // 1.23.1 is still below RUSTSEC-2023-0005's fix (>= 1.24.2), an unsoundness notice.
    expect(patched.direct.find((a: { id: string }) => a.id === 'RUSTSEC-2023-0005')).toMatchObject({ kind: 'unsound' });
    // tokio 1.6.0 predates the named-pipe code (unaffected < 1.7.0).
    expect((await expectJson(await get('/api/v1/crates/tokio/1.6.0/advisories'), 200)).direct.map((a: { id: string }) => a.id)).not.toContain('RUSTSEC-2023-0001');
  });

  it('follows the default build through dependencies: postcard 1.1.3 → heapless 0.7.17 → atomic-polyfill 1.0.3', async () => {
    // By hand from the index files: postcard 1.1.3's default feature is `heapless-cas` = [`dep:heapless`, `heapless/cas`],
    // and it asks heapless "^0.7.0": the newest 0.7 release is 0.7.17 (0.8.0 and 0.9.0 are outside ^0.7).
    // heapless 0.7.17's default `cas` feature enables atomic-polyfill "^1" (for thumbv6m, avr, riscv32 and the
    // ESP32-S2), whose only release not yanked is 1.0.3; RUSTSEC-2023-0089 marks every atomic-polyfill unmaintained.
    const r = await expectJson(await get('/api/v1/crates/postcard/1.1.3/advisories'), 200);
    expect(r.direct).toEqual([]);
    const finding = r.throughDependencies.find((f: { advisory: { id: string } }) => f.advisory.id === 'RUSTSEC-2023-0089');
    expect(finding).toMatchObject({
      advisory: { package: 'atomic-polyfill', kind: 'unmaintained' },
      path: ['postcard 1.1.3', 'heapless 0.7.17', 'atomic-polyfill 1.0.3'],
      requirement: '^1',
      semverCompatibleFix: false,
      fixVersion: null,
    });
  });

  it('says when a semver-compatible update avoids it: hyper 1.6.0 → bytes 1.10.1, fixed in 1.11.1', async () => {
    // hyper 1.6.0 asks bytes "^1.2"; the newest bytes in the index is 1.10.1. RUSTSEC-2026-0007 is patched
    // ">= 1.11.1" (unaffected "< 1.2.1"): 1.10.1 is affected, and 1.11.1 satisfies ^1.2.
    const r = await expectJson(await get('/api/v1/crates/hyper/1.6.0/advisories'), 200);
    expect(r.throughDependencies.find((f: { advisory: { id: string } }) => f.advisory.id === 'RUSTSEC-2026-0007')).toMatchObject({
      path: ['hyper 1.6.0', 'bytes 1.10.1'], requirement: '^1.2', semverCompatibleFix: true, fixVersion: '1.11.1',
    });
    // hyper's own advisories all concern 0.x releases.
    expect(r.direct).toEqual([]);
  });

  it('answers 404 for an unknown crate or version and 400 for malformed ones', async () => {
    await expectProblem(await get('/api/v1/crates/no-such-crate-here/1.0.0/advisories'), 404, 'packageNotFound');
    await expectProblem(await get('/api/v1/crates/tokio/99.0.0/advisories'), 404, 'versionNotFound');
    await expectProblem(await get('/api/v1/crates/-bad/1.0.0/advisories'), 400, 'invalidRequest');
    await expectProblem(await get('/api/v1/crates/tokio/1.0%20.0/advisories'), 400, 'invalidRequest');
  });

  it('shows the same paths on the crate advisories page', async () => {
    const page = async (p: string, status = 200) => {
      const res = await t.app.request(p, { headers: { accept: 'text/html' } });
      const html = await res.text();
      if (res.status !== status) throw new Error(`${p}: expected ${status}, got ${res.status}\n${html.slice(0, 300)}`);
      return html;
    };
    const postcard = await page('/crates/postcard/advisories?version=1.1.3');
    expect(postcard).toContain('postcard 1.1.3 → heapless 0.7.17 → atomic-polyfill 1.0.3');
    expect(postcard).toContain('no: a requirement on the path must change');
    expect(await htmlProblems(postcard)).toEqual([]);
    const hyper = await page('/crates/hyper/advisories?version=1.6.0');
    expect(hyper).toMatch(/<tr data-advisory="RUSTSEC-2026-0007">[\s\S]*?hyper 1\.6\.0 → bytes 1\.10\.1[\s\S]*?yes: 1\.11\.1/);
    // Without a version: the default version's answer.
    expect(await page('/crates/postcard/advisories')).toContain('Advisories for postcard 1.1.3');
    await page('/crates/postcard/advisories?version=9.9.9', 404);
    await page('/crates/no-such-crate-here/advisories', 404);
  });
});
