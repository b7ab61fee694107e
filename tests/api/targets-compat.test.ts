import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compatClaims, targets } from '../../api/db/schema/index.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { createCrate, uniqueName } from '../setup/factories.js';
import { SHARED_DATA } from '../setup/shared-data.js';

/** rustc's own `--print cfg` output for 320 targets, as shared data records it. */
function realTargets() {
  const dir = path.join(SHARED_DATA, 'rust-platform-support');
  const cfgs: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(dir, 'cfg-all-targets.json'), 'utf8'));
  const tiers: { targets: { target: string; tier: number; std: string }[] } = JSON.parse(fs.readFileSync(path.join(dir, 'platform-support.json'), 'utf8'));
  const tierOf = new Map(tiers.targets.map((x) => [x.target, x]));
  return Object.entries(cfgs).map(([triple, lines]) => {
    const cfg: Record<string, string[]> = {};
    for (const line of lines) {
      const m = /^([a-z_]+)(?:="(.*)")?$/.exec(line);
      if (!m) continue;
      (cfg[m[1]!] ??= []).push(...(m[2] !== undefined ? [m[2]] : []));
    }
    const t = tierOf.get(triple);
    return { triple, tier: t ? String(t.tier) : null, std: t?.std === '✓' ? 'yes' : t?.std === '*' ? 'no' : 'unknown', cfg };
  });
}

describe('GET /api/v1/targets', () => {
  const t = useTestApp();

  it('lists real rustc targets in pages, filtered by tier', async () => {
    const all = realTargets();
    await t.database.db.insert(targets).values(all);
    const first = await expectJson(await t.app.request('/api/v1/targets?limit=500'), 200);
    expect(first.items).toHaveLength(all.length);
    const tier1 = await expectJson(await t.app.request('/api/v1/targets?tier=1&limit=500'), 200);
    expect(tier1.items.map((x: { triple: string }) => x.triple)).toContain('x86_64-unknown-linux-gnu');
    expect(tier1.items.every((x: { tier: string }) => x.tier === '1')).toBe(true);
    const page = await expectJson(await t.app.request('/api/v1/targets?limit=10'), 200);
    const next = await expectJson(await t.app.request(`/api/v1/targets?limit=10&cursor=${page.nextCursor}`), 200);
    expect(next.items[0].triple > page.items[9].triple).toBe(true);
  });

  it('answers one target with its cfg values', async () => {
    const body = await expectJson(await t.app.request('/api/v1/targets/thumbv7em-none-eabihf'), 200);
    expect(body.cfg.target_os).toEqual(['none']);
    expect(body.cfg.target_arch).toEqual(['arm']);
  });

  it('answers 404 for an unknown triple and 400 for malformed input', async () => {
    await expectProblem(await t.app.request('/api/v1/targets/x86_64-unknown-nowhere'), 404, 'targetNotFound');
    await expectProblem(await t.app.request('/api/v1/targets/NOT%20A%20TRIPLE'), 400, 'invalidRequest');
    const bad = await expectProblem(await t.app.request('/api/v1/targets?tier=4'), 400, 'invalidRequest');
    expect(bad.errors?.[0]?.path).toBe('tier');
  });
});

describe('GET /api/v1/crates/{name}/{version}/compat', () => {
  const t = useTestApp();

  it('returns each claim with its source kind and evidence', async () => {
    const { name } = await createCrate(t.database, { versions: ['1.0.0'] });
    const body0 = await expectJson(await t.app.request(`/api/v1/crates/${name}/1.0.0`), 200);
    const versionId = body0.version.id;
    await t.database.db.insert(compatClaims).values([
      { versionId, subject: 'nostd', status: 'optional', sourceKind: 'inferred', source: 'index', evidence: [{ claim: 'nostd=optional', source: 'features.default', detail: 'default = ["std"]' }] },
      { versionId, subject: 'nostd', status: 'always', sourceKind: 'declared', source: 'user:1', evidence: [{ claim: 'nostd=always', source: 'maintainer', detail: 'declared' }] },
    ]);
    const body = await expectJson(await t.app.request(`/api/v1/crates/${name}/1.0.0/compat`), 200);
    expect(body).toMatchObject({ ecosystem: 'crates', name, version: '1.0.0' });
    expect(body.claims.map((c: { sourceKind: string }) => c.sourceKind)).toEqual(['inferred', 'declared']);
    expect(body.claims[0].evidence[0]).toEqual({ claim: 'nostd=optional', source: 'features.default', detail: 'default = ["std"]' });
  });

  it('answers 404 for unknown crates or versions and 400 for a malformed version', async () => {
    const { name } = await createCrate(t.database);
    await expectProblem(await t.app.request(`/api/v1/crates/${uniqueName('none')}/1.0.0/compat`), 404, 'packageNotFound');
    await expectProblem(await t.app.request(`/api/v1/crates/${name}/2.0.0/compat`), 404, 'versionNotFound');
    await expectProblem(await t.app.request(`/api/v1/crates/${name}/1.0%20/compat`), 400, 'invalidRequest');
  });
});
