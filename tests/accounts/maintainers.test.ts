import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { claimIdentity, linkVerifiedGithub } from '../../api/accounts/service.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { seedTargets } from '../../api/targets/seed.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { WebClient } from '../setup/web-client.js';

let now = new Date('2026-11-25T12:00:00Z');
const t = useTestApp({ clock: () => now });
const PASSWORD = 'correct horse battery staple';
const CRATE = 'heapless';

const json = (token: string | null, body: unknown, method = 'PUT', type = 'application/json') => ({
  method,
  headers: { 'content-type': type, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  body: typeof body === 'string' ? body : JSON.stringify(body),
});
const rows = (q: ReturnType<typeof sql>) => t.database.rows<Record<string, unknown>>(q);
/** What a refused write must leave untouched. */
const snapshot = async () =>
  JSON.stringify(await rows(sql`select (select count(*) from metadata_revisions) r, (select count(*) from compat_claims where source_kind <> 'inferred') c, (select count(*) from compat_reports) p, (select count(*) from package_owners) o, (select count(*) from owner_invitations) i`));

const MANIFEST = {
  schema: 1,
  profiles: { embedded: { status: 'works', note: 'tested on an STM32F4 board' }, wasm: { status: 'does-not-work', note: 'we do not build for wasm' } },
  targets: { 'thumbv7em-none-eabihf': { status: 'works', features: ['defmt-03'] } },
  nostd: 'always',
  maintenance: { status: 'passively-maintained' },
  alternatives: [{ name: 'arrayvec' }],
  bindings: { npm: ['heapless-wasm'] },
};

let owner: WebClient;
let ownerToken: string;

async function userId(name: string) {
  return Number((await rows(sql`select id from users where username = ${name}`))[0]!.id);
}

beforeAll(async () => {
  await seedTargets(t.database);
  await runIndexCrates(t.database, ['heapless', 'hash32', 'byteorder', 'stable_deref_trait', 'arrayvec'].map((c) => realIndexFile(c)));
  await runCompatPass(t.database);
  await t.database.rows(sql`insert into registry_owners (package_id, kind, login, source) select id, 'user', 'japaric', 'crates.io' from packages where name = ${CRATE}`);
  owner = new WebClient(t.app);
  await owner.signUp('jorge', PASSWORD);
  // What the GitHub callback does once GitHub has proven the login.
  const jorge = await userId('jorge');
  await t.database.db.transaction((tx) => linkVerifiedGithub(tx, jorge, 'japaric'));
  ownerToken = await owner.createToken({ name: 'CI', scopes: ['metadata:write', 'compat:report', 'owners:manage'], packageGlob: 'heap*' });
}, 120_000);

describe('ownership', () => {
  it('comes from a verified GitHub identity listed as a crates.io owner, never from a typed-in claim', async () => {
    const me = await expectJson(await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${ownerToken}` } }), 200);
    expect(me.ownedPackages).toEqual([{ ecosystem: 'crates', name: CRATE }]);
    const claimer = new WebClient(t.app);
    await claimer.signUp('claimer', PASSWORD);
    await claimIdentity(t.database, { id: await userId('claimer'), username: 'claimer', displayName: null, isAdmin: false }, { provider: 'npm', login: 'japaric' });
    const owners = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`), 200);
    expect(owners.items.map((o: { username: string }) => o.username)).toEqual(['jorge']);
  });
});

describe('published metadata', () => {
  it('is stored with history (who, when, which token), shown beside the inferred claims, audited and queued for search', async () => {
    const inferredBefore = await rows(sql`select count(*)::int n from compat_claims where source_kind = 'inferred'`);
    const res = await t.app.request(`/api/v1/packages/crates/${CRATE}/metadata`, json(ownerToken, MANIFEST));
    const body = await expectJson(res, 201);
    expect(body.versionsCovered).toBeGreaterThan(10);
    const pkg = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}`), 200);
    const compat = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${pkg.crate.default_version}/compat`), 200);
    const wasm = compat.summary.find((c: { subject: string }) => c.subject === 'profile:wasm');
    expect(wasm).toMatchObject({ status: 'no', sourceKind: 'declared', source: 'user:jorge' });
    expect(wasm.evidence[0].detail).toContain('we do not build for wasm');
    // The inferred claims are all still there, beside the declared ones.
    expect(await rows(sql`select count(*)::int n from compat_claims where source_kind = 'inferred'`)).toEqual(inferredBefore);
    const history = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/metadata`), 200);
    expect(history.current).toMatchObject({ publishedBy: 'jorge', format: 'json', manifest: { maintenance: { status: 'passively-maintained' } } });
    const pagePublished = await (await t.app.request(`/crates/${CRATE}`, { headers: { accept: 'text/html' } })).text();
    expect(pagePublished).toContain('Passively maintained');
    expect(pagePublished).toContain('<dt>Bindings (declared)</dt><dd><a href="/npm/heapless-wasm">heapless-wasm</a></dd>');
    expect(history.current.tokenId).toBeGreaterThan(0);
    const [entry] = await rows(sql`select actor, data from audit_log where action = 'metadata.published' order by id desc limit 1`);
    expect(entry!.actor).toBe(`user:${await userId('jorge')}`);
    expect((entry!.data as { via: string }).via).toBe(`token:${history.current.tokenId}`);
    expect((await rows(sql`select 1 from outbox where topic = 'search.package' and processed_at is null`)).length).toBeGreaterThan(0);
    await drainSearch(t.database, new PostgresSearchEngine(t.database));
    const found = await expectJson(await t.app.request(`/api/v1/search?q=${CRATE}`), 200);
    expect(found.items[0]).toMatchObject({ name: CRATE, profiles: { wasm: 'no' } });
  });

  it('takes the same manifest as TOML', async () => {
    const toml = `schema = 1\nversions = ">=0.7"\nnostd = "always"\n\n[profiles.embedded]\nstatus = "works"\n\n[targets."thumbv6m-none-eabi"]\nstatus = "partial"\nnote = "no atomics: needs the portable-atomic feature"\n`;
    const body = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/metadata`, json(ownerToken, toml, 'PUT', 'application/toml')), 201);
    expect(body.claims).toBeGreaterThan(0);
    const history = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/metadata`), 200);
    expect(history.current).toMatchObject({ format: 'toml', manifest: { versions: '>=0.7', targets: { 'thumbv6m-none-eabi': { status: 'partial' } } } });
    expect(history.history).toHaveLength(2);
  });

  it('refuses bad input with a problem naming the field, and stores nothing', async () => {
    const before = await snapshot();
    const url = `/api/v1/packages/crates/${CRATE}/metadata`;
    let p = await expectProblem(await t.app.request(url, json(ownerToken, { ...MANIFEST, profiles: { wasm: { status: 'maybe' } } })), 400, 'invalidRequest');
    expect(p.errors!.map((e) => e.path)).toContain('profiles.wasm.status');
    p = await expectProblem(await t.app.request(url, json(ownerToken, { ...MANIFEST, targets: { 'thumbv9-imaginary-none': { status: 'works' } } })), 400);
    expect(p.errors).toEqual([{ path: 'targets.thumbv9-imaginary-none', message: 'unknown target' }]);
    p = await expectProblem(await t.app.request(url, json(ownerToken, { ...MANIFEST, versions: '>=99' })), 400);
    expect(p.errors![0]!.path).toBe('versions');
    p = await expectProblem(await t.app.request(url, json(ownerToken, { ...MANIFEST, surprise: true })), 400);
    expect(p.errors![0]!.message).toMatch(/surprise/);
    p = await expectProblem(await t.app.request(url, json(ownerToken, 'schema = = 1', 'PUT', 'application/toml')), 400);
    expect(p.detail).toMatch(/not valid TOML/);
    await expectProblem(await t.app.request(url, json(ownerToken, 'x'.repeat(70_000), 'PUT', 'application/toml')), 413);
    expect(await snapshot()).toBe(before);
  });

  it('refuses the wrong principal, with nothing changed', async () => {
    const before = await snapshot();
    const url = `/api/v1/packages/crates/${CRATE}/metadata`;
    const stranger = new WebClient(t.app);
    await stranger.signUp('stranger', PASSWORD);
    const strangerToken = await stranger.createToken({ name: 'x', scopes: ['metadata:write'] });
    expect((await expectProblem(await t.app.request(url, json(strangerToken, MANIFEST)), 403)).detail).toMatch(/not an owner/);
    const reportOnly = await owner.createToken({ name: 'reports', scopes: ['compat:report'] });
    expect((await expectProblem(await t.app.request(url, json(reportOnly, MANIFEST)), 403)).detail).toMatch(/metadata:write/);
    const otherGlob = await owner.createToken({ name: 'other', scopes: ['metadata:write'], packageGlob: 'tokio*' });
    expect((await expectProblem(await t.app.request(url, json(otherGlob, MANIFEST)), 403)).detail).toMatch(/tokio\*/);
    const shortLived = await owner.createToken({ name: 'short', scopes: ['metadata:write'], expiresInDays: '7' });
    const saved = now;
    now = new Date(now.getTime() + 8 * 86_400_000);
    await expectProblem(await t.app.request(url, json(shortLived, MANIFEST)), 401);
    now = saved;
    const revoked = await owner.createToken({ name: 'revoked', scopes: ['metadata:write'] });
    await t.app.request(`/api/v1/me/tokens/${(await expectJson(await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${revoked}` } }), 200)).token.id}`, { method: 'DELETE', headers: { authorization: `Bearer ${revoked}` } });
    await expectProblem(await t.app.request(url, json(revoked, MANIFEST)), 401);
    await expectProblem(await t.app.request(url, json(null, MANIFEST)), 401);
    const viaCookie = await t.app.request(url, { ...json(null, MANIFEST), headers: { 'content-type': 'application/json', cookie: `ferrite_session=${owner.cookies.get('ferrite_session')}` } });
    await expectProblem(viaCookie, 403);
    // The web form: without the CSRF token, and from a signed-in non-owner.
    await owner.get(`/manage/crates/${CRATE}`);
    expect((await owner.post(`/manage/crates/${CRATE}/metadata`, { 'profile.cloud': 'works' }, { csrf: null })).status).toBe(403);
    expect((await stranger.get(`/manage/crates/${CRATE}`)).status).toBe(403);
    await stranger.get('/account');
    expect((await stranger.post(`/manage/crates/${CRATE}/metadata`, { 'profile.cloud': 'works' })).status).toBe(403);
    expect(await snapshot()).toBe(before);
  });

  it('publishes from the owner’s web form, and the package page shows it beside the inference', async () => {
    await owner.get(`/manage/crates/${CRATE}`);
    expect(owner.lastHtml).toContain('Publish metadata');
    const bad = await owner.post(`/manage/crates/${CRATE}/metadata`, { versions: '*', 'profile.cloud': 'works', targets: 'thumbv9-imaginary-none = works' });
    expect(bad.status).toBe(400);
    expect(owner.lastHtml).toContain('Targets: the line for “thumbv9-imaginary-none”');
    const ok = await owner.post(`/manage/crates/${CRATE}/metadata`, { versions: '*', 'profile.cloud': 'works', 'profile.wasm': 'does-not-work', 'note.wasm': 'no browser support', maintenance: 'deprecated', replacement: 'arrayvec' });
    expect(ok.status).toBe(303);
    await owner.get(`/crates/${CRATE}`);
    expect(owner.lastHtml).toContain('Deprecated');
    expect(owner.lastHtml).toContain('<a href="/crates/arrayvec">arrayvec</a>');
    expect(owner.lastHtml).toContain('Declared by maintainer jorge');
    expect(owner.lastHtml).toContain('no browser support');
    expect(owner.lastHtml).toContain(`href="/manage/crates/${CRATE}"`);
    expect(await htmlProblems(owner.lastHtml)).toEqual([]);
    await owner.get(`/manage/crates/${CRATE}`);
    expect(await htmlProblems(owner.lastHtml)).toEqual([]);
    await owner.get('/account');
    expect(await htmlProblems(owner.lastHtml)).toEqual([]);
    await new WebClient(t.app).get('/sign-in').then(async (r) => expect(await htmlProblems(await r.text())).toEqual([]));
    await new WebClient(t.app).get('/sign-up').then(async (r) => expect(await htmlProblems(await r.text())).toEqual([]));
    // Anonymous visitors see the declaration too, but no way to manage.
    const anon = await t.app.request(`/crates/${CRATE}`, { headers: { accept: 'text/html' } });
    const html = await anon.text();
    expect(html).toContain('Declared by maintainer jorge');
    expect(html).not.toContain('/manage/');
  });
});

describe('compatibility reports', () => {
  it('aggregate per version and target: the latest result wins, conflicts are shown', async () => {
    const version = (await expectJson(await t.app.request(`/api/v1/crates/${CRATE}`), 200)).crate.default_version;
    const report = (result: 'pass' | 'fail', toolchain: string) => ({ crate: CRATE, version, target: 'thumbv7em-none-eabihf', toolchain, features: ['defmt-03'], result, logUrl: 'https://ci.example/run/1' });
    await expectJson(await t.app.request('/api/v1/compat-reports', json(ownerToken, report('pass', '1.75.0'), 'POST')), 201);
    now = new Date(now.getTime() + 60_000);
    await expectJson(await t.app.request('/api/v1/compat-reports', json(ownerToken, report('fail', 'nightly'), 'POST')), 201);
    const compat = await expectJson(await t.app.request(`/api/v1/crates/${CRATE}/${version}/compat`), 200);
    const claim = compat.summary.find((c: { subject: string }) => c.subject === 'target:thumbv7em-none-eabihf');
    expect(claim).toMatchObject({ status: 'no', sourceKind: 'verified' });
    expect(claim.evidence[0].detail).toMatch(/failed on nightly with features defmt-03, by jorge/);
    expect(claim.evidence[1]).toMatchObject({ source: expect.stringMatching(/^conflict: report/) });
  });

  it('refuses bad reports and the wrong principal, with nothing changed', async () => {
    const before = await snapshot();
    const version = (await expectJson(await t.app.request(`/api/v1/crates/${CRATE}`), 200)).crate.default_version;
    const good = { crate: CRATE, version, target: 'thumbv7em-none-eabihf', toolchain: 'stable', result: 'pass' };
    let p = await expectProblem(await t.app.request('/api/v1/compat-reports', json(ownerToken, { ...good, result: 'maybe' }, 'POST')), 400);
    expect(p.errors![0]!.path).toBe('result');
    p = await expectProblem(await t.app.request('/api/v1/compat-reports', json(ownerToken, { ...good, target: 'thumbv9-imaginary-none' }, 'POST')), 400);
    expect(p.errors![0]!.path).toBe('target');
    await expectProblem(await t.app.request('/api/v1/compat-reports', json(ownerToken, { ...good, version: '99.0.0' }, 'POST')), 404, 'versionNotFound');
    const metaOnly = await owner.createToken({ name: 'meta', scopes: ['metadata:write'] });
    await expectProblem(await t.app.request('/api/v1/compat-reports', json(metaOnly, good, 'POST')), 403);
    const stranger = new WebClient(t.app);
    await stranger.signUp('ci-stranger', PASSWORD);
    const strangerToken = await stranger.createToken({ name: 'ci', scopes: ['compat:report'] });
    await expectProblem(await t.app.request('/api/v1/compat-reports', json(strangerToken, good, 'POST')), 403);
    expect(await snapshot()).toBe(before);
  });
});

describe('owners', () => {
  it('are invited, accept, can be removed, and the last owner cannot leave', async () => {
    const invitee = new WebClient(t.app);
    await invitee.signUp('newcomer', PASSWORD);
    const strangerToken = await invitee.createToken({ name: 'x', scopes: ['owners:manage'] });
    const before = await snapshot();
    await expectProblem(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`, json(strangerToken, { username: 'newcomer' }, 'POST')), 403);
    const noScope = await owner.createToken({ name: 'meta2', scopes: ['metadata:write'] });
    await expectProblem(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`, json(noScope, { username: 'newcomer' }, 'POST')), 403);
    const p = await expectProblem(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`, json(ownerToken, { username: 'nobody-at-all' }, 'POST')), 400);
    expect(p.errors![0]!.path).toBe('username');
    expect(await snapshot()).toBe(before);

    await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`, json(ownerToken, { username: 'newcomer' }, 'POST')), 201);
    // Invited is not yet an owner.
    expect((await invitee.get(`/manage/crates/${CRATE}`)).status).toBe(403);
    await invitee.get('/account');
    expect(invitee.lastHtml).toContain(`jorge invites you to own`);
    const id = /action="\/account\/invitations\/(\d+)\/accept"/.exec(invitee.lastHtml)![1];
    // Somebody else cannot accept it for them.
    const other = new WebClient(t.app);
    await other.signUp('interloper', PASSWORD);
    await other.get('/account');
    expect((await other.post(`/account/invitations/${id}/accept`, {})).status).toBe(404);
    expect((await invitee.post(`/account/invitations/${id}/accept`, {})).status).toBe(303);
    expect((await invitee.get(`/manage/crates/${CRATE}`)).status).toBe(200);

    await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`), 200);
    expect((await t.app.request(`/api/v1/packages/crates/${CRATE}/owners/newcomer`, { method: 'DELETE', headers: { authorization: `Bearer ${ownerToken}` } })).status).toBe(204);
    await expectProblem(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners/jorge`, { method: 'DELETE', headers: { authorization: `Bearer ${ownerToken}` } }), 409, 'conflict');
    const owners = await expectJson(await t.app.request(`/api/v1/packages/crates/${CRATE}/owners`), 200);
    expect(owners.items.map((o: { username: string }) => o.username)).toEqual(['jorge']);
  });
});
