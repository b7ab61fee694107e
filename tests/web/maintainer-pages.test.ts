import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { grantOwnership } from '../../api/owners/service.js';
import { seedTargets } from '../../api/targets/seed.js';
import { expectJson } from '../setup/app.js';
import { useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { WebClient } from '../setup/web-client.js';

const t = useTestApp();
const PASSWORD = 'correct horse battery staple';
let owner: WebClient;
let visitor: WebClient;

beforeAll(async () => {
  await runIndexCrates(t.database, [realIndexFile('heapless')]);
  await seedTargets(t.database);
  owner = new WebClient(t.app);
  await owner.signUp('heap-owner', PASSWORD);
  visitor = new WebClient(t.app);
  await visitor.signUp('heap-visitor', PASSWORD);
  await grantOwnership(t.database, 'crates', 'heapless', 'heap-owner');
}, 120_000);

describe('pages a maintainer trusts', () => {
  it('error pages know who is signed in', async () => {
    const res = await visitor.get('/crates/no-such-crate-here');
    expect(res.status).toBe(404);
    expect(visitor.lastHtml).toContain('<a href="/account">heap-visitor</a>');
    expect(visitor.lastHtml).not.toContain('>Sign in</a>');
    expect(await htmlProblems(visitor.lastHtml)).toEqual([]);
  });

  it('a refused manage page says how owners are made and whom to ask', async () => {
    const res = await visitor.get('/manage/crates/heapless');
    expect(res.status).toBe(403);
    expect(visitor.lastHtml).toContain('You are not an owner of heapless');
    expect(visitor.lastHtml).toContain('Ask an owner (heap-owner) to invite you from this page');
    expect(visitor.lastHtml).toContain('sign in with GitHub');
    expect(visitor.lastHtml).toContain('<a href="/account">heap-visitor</a>');
  });

  it('the manage form keeps what was typed after a refusal and names the fields in words', async () => {
    await owner.get('/manage/crates/heapless');
    const typed = 'thumbv7em-none-eabihf = works\nnot-a-target = works';
    const res = await owner.post('/manage/crates/heapless/metadata', { versions: '*', targets: typed, 'profile.wasm': 'partial', 'note.wasm': 'without atomics', alternatives: 'arrayvec' });
    expect(res.status).toBe(400);
    const html = owner.lastHtml;
    expect(html).toContain(`<textarea id="targets" name="targets" rows="4">${typed}</textarea>`);
    expect(html).toMatch(/<option value="partial" selected="">partial<\/option>/);
    expect(html).toContain('value="without atomics"');
    expect(html).toContain('value="arrayvec"');
    expect(html).toContain('<strong>Targets: the line for “not-a-target”</strong>: unknown target');
    expect(html).not.toContain('<strong>targets.not-a-target</strong>');
    expect(await htmlProblems(html)).toEqual([]);
  });

  it('creates a token with POST-redirect-GET and shows it exactly once, never in an address', async () => {
    await owner.get('/account');
    const res = await owner.post('/account/tokens', { name: 'ci', scopes: 'metadata:write', packageGlob: 'heapless', expiresInDays: '30' });
    expect(res.status).toBe(303);
    const location = res.headers.get('location')!;
    expect(location).toBe('/account?done=token-created#new-token');
    const shown = await owner.get(location);
    expect(shown.headers.get('cache-control')).toContain('no-store');
    const token = /<code id="new-token">(frt_[a-z2-7]+)<\/code>/.exec(owner.lastHtml)?.[1];
    expect(token).toBeDefined();
    // The token works, and the row that carried it is gone and never held it in the clear.
    const me = await t.app.request('/api/v1/me', { headers: { authorization: `Bearer ${token}` } });
    expect(me.status).toBe(200);
    expect(await t.database.rows(sql`select 1 from token_flashes`)).toEqual([]);
    // A reload shows no token, only that it was shown once.
    await owner.get(location);
    expect(owner.lastHtml).not.toContain('id="new-token"');
    expect(owner.lastHtml).toContain('It was shown once and cannot be shown again');
  });

  it('keeps the flashed token sealed: the stored row does not contain it, and another session cannot read it', async () => {
    await owner.get('/account');
    const res = await owner.post('/account/tokens', { name: 'sealed', scopes: 'metadata:write', packageGlob: 'heapless', expiresInDays: '30' });
    expect(res.status).toBe(303);
    const [row] = await t.database.rows<{ sealed: string }>(sql`select sealed from token_flashes`);
    expect(row!.sealed).not.toMatch(/frt_/);
    // The same account in another browser gets nothing from this session's flash.
    const other = new WebClient(t.app);
    await other.get('/sign-in');
    await other.post('/sign-in', { username: 'heap-owner', password: PASSWORD });
    await other.get('/account?done=token-created');
    expect(other.lastHtml).not.toContain('id="new-token"');
    await owner.get('/account?done=token-created');
    expect(owner.lastHtml).toMatch(/<code id="new-token">frt_/);
  });

  it('credits metadata and CI reports made in Ferrite on /contributors at once, with no import', async () => {
    const board = async () => (await expectJson(await t.app.request('/api/v1/contributors?days=30'), 200)).items as { id: number; name: string; weight: number }[];
    expect((await board()).some((p) => p.name === 'heap-owner')).toBe(false);
    await owner.get('/manage/crates/heapless');
    const published = await owner.post('/manage/crates/heapless/metadata', { versions: '*', 'profile.embedded': 'works' });
    expect(published.status, owner.lastHtml.slice(0, 400)).toBe(303);
    let me = (await board()).find((p) => p.name === 'heap-owner');
    expect(me?.weight).toBe(1);
    const token = await owner.createToken({ name: 'ci', scopes: ['compat:report'], packageGlob: 'heapless' });
    const { crate } = await expectJson(await t.app.request('/api/v1/crates/heapless'), 200);
    const report = await t.app.request('/api/v1/compat-reports', {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ crate: 'heapless', version: crate.default_version, target: 'thumbv7em-none-eabihf', toolchain: 'stable', result: 'pass' }),
    });
    await expectJson(report, 201);
    me = (await board()).find((p) => p.name === 'heap-owner');
    expect(me?.weight).toBe(1.5);
    const page = await t.app.request('/contributors?days=30&type=compatibility-report', { headers: { accept: 'text/html' } });
    expect(await page.text()).toContain(`href="/people/${me!.id}"`);
    const person = await (await t.app.request(`/people/${me!.id}`, { headers: { accept: 'text/html' } })).text();
    expect(person).toContain('<a href="/crates/heapless">heapless</a>');
  });
});
