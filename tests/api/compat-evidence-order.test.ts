import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkVerifiedGithub } from '../../api/accounts/service.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { seedTargets } from '../../api/targets/seed.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { WebClient } from '../setup/web-client.js';

/**
 * Verified > declared > inferred wherever a status is shown: a maintainer declares heapless works
 * in the browser, then a CI report says the wasm32-unknown-unknown build fails. The profile row,
 * the per-target API, the badge and the search facet must all follow the report, and say that the
 * sources disagree.
 */
let now = new Date('2026-11-30T12:00:00Z');
// No page cache: the same badge is read before and after the report.
const t = useTestApp({ clock: () => now, pageCacheMs: 0 });
const CRATE = 'heapless';
let token: string;
let version: string;

const json = (body: unknown, method = 'POST') => ({ method, headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
type Summary = { subject: string; status: string; sourceKind: string; disagree: { sourceKind: string; status: string }[]; fromTargets?: string[] };

beforeAll(async () => {
  await seedTargets(t.database);
  await runIndexCrates(t.database, ['heapless', 'hash32', 'byteorder', 'stable_deref_trait', 'cortex-m', 'bare-metal', 'volatile-register', 'vcell', 'bitfield', 'embedded-hal', 'nb', 'void'].map((c) => realIndexFile(c)));
  await runCompatPass(t.database);
  await t.database.rows(sql`insert into registry_owners (package_id, kind, login, source) select id, 'user', 'japaric', 'crates.io' from packages where name = ${CRATE}`);
  const owner = new WebClient(t.app);
  await owner.signUp('jorge', 'correct horse battery staple');
  const [me] = await t.database.rows<{ id: number }>(sql`select id::int as id from users where username = 'jorge'`);
  await t.database.db.transaction((tx) => linkVerifiedGithub(tx, me!.id, 'japaric'));
  token = await owner.createToken({ name: 'CI', scopes: ['metadata:write', 'compat:report'] });
  version = (await expectJson(await t.app.request(`/api/v1/crates/${CRATE}`), 200)).crate.default_version;
}, 120_000);

describe('a verified failure outranks a declared "works" everywhere', () => {
  it('before the report: the declaration decides the wasm profile, the target and the badge', async () => {
    const published = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/metadata`, json({ schema: 1, profiles: { wasm: { status: 'works' } } }, 'PUT')), 201);
    // The declaration is a leaf of the signed transparency log, with a receipt anyone can check later.
    const leaf = (await expectJson(await t.app.request(`/api/v1/log/entries?start=${published.log.leafIndex}&end=${published.log.leafIndex + 1}`), 200)).items[0];
    expect(JSON.parse(leaf.data)).toMatchObject({ log: 'registry', kind: 'declared-metadata', package: `crates/${CRATE}`, by: 'jorge', claims: [{ subject: 'profile:wasm', status: 'yes' }] });
    const receipt = await expectJson(await t.app.request(`/api/v1/log/proof/inclusion?hash=${published.log.leafHash}`), 200);
    expect(receipt).toMatchObject({ leafIndex: published.log.leafIndex });
    const compat = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/compat`), 200);
    expect(compat.summary.find((c: Summary) => c.subject === 'profile:wasm')).toMatchObject({ status: 'yes', sourceKind: 'declared' });
    const target = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/targets/wasm32-unknown-unknown`), 200);
    expect(target).toMatchObject({ status: 'yes', basis: 'profile', profile: 'wasm', sourceKind: 'declared' });
    expect(await (await t.app.request(`/badge/crates/${CRATE}/wasm.svg`)).text()).toMatch(/works/);
  });

  it('after a failing CI report for wasm32-unknown-unknown: profile, target, badge and search say no, and the disagreement is kept', async () => {
    now = new Date(now.getTime() + 60_000);
    await expectJson(await t.app.request('/api/v1/compat-reports', json({ crate: CRATE, version, target: 'wasm32-unknown-unknown', toolchain: 'stable', result: 'fail' })), 201);

    const compat = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/compat`), 200);
    const wasm = compat.summary.find((c: Summary) => c.subject === 'profile:wasm') as Summary;
    expect(wasm).toMatchObject({ status: 'no', sourceKind: 'verified', fromTargets: ['wasm32-unknown-unknown'] });
    expect(wasm.disagree).toContainEqual(expect.objectContaining({ sourceKind: 'declared', status: 'yes' }));

    const all = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/targets`), 200);
    expect(all.targets.find((a: { triple: string }) => a.triple === 'wasm32-unknown-unknown')).toMatchObject({ status: 'no', basis: 'target', sourceKind: 'verified' });
    expect(all.counts.no).toBeGreaterThanOrEqual(1);

    const badge = await (await t.app.request(`/badge/crates/${CRATE}/wasm.svg`)).text();
    expect(badge).not.toMatch(/works/);
    expect(badge).toMatch(/does not work|no/);
    expect(await (await t.app.request(`/badge/crates/${CRATE}/wasm32-unknown-unknown.svg`)).text()).not.toMatch(/works/);

    await drainSearch(t.database, new PostgresSearchEngine(t.database));
    const inWasm = await expectJson(await t.app.request(`/api/v1/search?q=${CRATE}&profile=wasm`), 200);
    expect(inWasm.items.map((i: { name: string }) => i.name)).not.toContain(CRATE);

    const page = await (await t.app.request(`/crates/${CRATE}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toMatch(/Sources disagree/i);
  });
});

describe('per-target answers', () => {
  it('a crate pinned to Cortex-M answers no on RISC-V, wasm and servers, yes on Cortex-M triples', async () => {
    const v = (await expectJson(await t.app.request('/api/v1/crates/cortex-m'), 200)).crate.default_version;
    const all = await expectJson(await t.app.request(`/api/v1/crates/cortex-m/${v}/targets`), 200);
    const status = (triple: string) => all.targets.find((a: { triple: string }) => a.triple === triple)?.status;
    expect(status('thumbv7em-none-eabihf')).toBe('yes');
    expect(status('riscv32imac-unknown-none-elf')).toBe('no');
    expect(status('wasm32v1-none')).toBe('no');
    expect(status('x86_64-unknown-linux-gnu')).toBe('no');
    const riscv = all.targets.find((a: { triple: string }) => a.triple === 'riscv32imac-unknown-none-elf');
    expect(riscv.basis).toBe('pinned');
    expect(riscv.evidence[0].detail).toMatch(/Cortex-M/);
  });

  it('target lists follow the per-target answer: cortex-m is listed on a Cortex-M triple, not on RISC-V', async () => {
    await drainSearch(t.database, new PostgresSearchEngine(t.database));
    const names = async (triple: string) => (await expectJson(await t.app.request(`/api/v1/search?target=${triple}&perPage=100`), 200)).items.map((i: { name: string }) => i.name);
    expect(await names('thumbv7em-none-eabihf')).toContain('cortex-m');
    expect(await names('riscv32imac-unknown-none-elf')).not.toContain('cortex-m');
    const page = await (await t.app.request('/targets/riscv32imac-unknown-none-elf', { headers: { accept: 'text/html' } })).text();
    expect(page).not.toContain('href="/crates/cortex-m"');
  });

  it('every tier-1 and tier-2 target has a row; unknown rows say why', async () => {
    const all = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/targets`), 200);
    const tiered = all.targets.filter((a: { tier: string | null }) => a.tier === '1' || a.tier === '2');
    expect(tiered.length).toBeGreaterThan(80);
    for (const a of all.targets.filter((x: { status: string }) => x.status === 'unknown')) expect(a.evidence[0].detail.length).toBeGreaterThan(10);
  });

  it('refuses unknown triples and versions with problem+json', async () => {
    await expectProblem(await t.app.request(`/api/v1/crates/${CRATE}/${version}/targets/thumbv9-imaginary-none`), 404, 'targetNotFound');
    await expectProblem(await t.app.request(`/api/v1/crates/${CRATE}/99.0.0/targets`), 404, 'versionNotFound');
    await expectProblem(await t.app.request(`/api/v1/crates/${CRATE}/${version}/targets/bad%20triple`), 400);
  });
});
