import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { createHub } from '../../bin/app.js';
import { createLogger } from '../../api/lib/logger.js';
import { MeiliSearchEngine } from '../../api/search/meili-engine.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { createCrate } from '../setup/factories.js';
import { WebClient } from '../setup/web-client.js';

/**
 * Replays the hostile requests of issue 15 against the real app: each answered with a 4xx problem
 * (or a friendly page), never a 5xx, and nothing stored half-way.
 */
const t = useTestApp();
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const json = (body: unknown, headers: Record<string, string> = {}) => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });

describe('one anonymous request', () => {
  it('with an MSRV beyond any integer is a 400 naming msrv, in the API and on the page, and the hub keeps answering', async () => {
    const api = await expectProblem(await t.app.request('/api/v1/search?q=msrv%3C%3D3000000.0'), 400, 'invalidRequest');
    expect(api.errors?.map((e) => e.path)).toContain('msrv');
    await expectProblem(await t.app.request('/api/v1/search?msrv=3000000.0'), 400, 'invalidRequest');
    const page = await t.app.request('/search?msrv=3000000.0', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(400);
    expect(await page.text()).toContain('msrv');
    await expectJson(await t.app.request('/api/v1/search?q=msrv%3C%3D1.70'), 200);
  });

  it('with prototype names as query words is an ordinary search', async () => {
    for (const w of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf']) {
      await expectJson(await t.app.request(`/api/v1/search?q=${w}`), 200);
    }
  });
});

describe('bad bytes and bad names', () => {
  it('are 400 problems (pages: a friendly page), never 500', async () => {
    for (const path of ['/npm/%ff', '/npm/%E0%A4%A', '/badge/crates/tokio/%00.svg', '/crates/%00', '/api/v1/search?q=%00', '/api/v1/search?q=%E0%A4%A', '/search?q=a%00b']) {
      const res = await t.app.request(path, { headers: { accept: 'text/html' } });
      expect(res.status, path).toBeGreaterThanOrEqual(400);
      expect(res.status, path).toBeLessThan(500);
    }
    const web = new WebClient(t.app);
    await web.get('/sign-in');
    expect((await web.post('/sign-in', { username: 'al\u0000ice', password: 'whatever it is' })).status).toBe(400);
    await web.get('/sign-up');
    const before = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users`);
    expect((await web.post('/sign-up', { username: 'nul\u0000user', password: 'correct horse battery staple' })).status).toBe(400);
    expect(await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users`)).toEqual(before);
    const manage = await web.post('/manage/crates/%E0%A4%A/metadata', { manifest: '' }, { csrf: null });
    expect(manage.status).toBe(400);
  });

  it('refuses a NUL escaped in JSON, a 10 MB body on any route, and deep or unknown fields in a strict schema', async () => {
    const owner = new WebClient(t.app);
    await owner.signUp('hygiene-owner', 'correct horse battery staple');
    const token = await owner.createToken({ name: 'profile', scopes: ['profile:write'] });
    await expectProblem(await t.app.request('/api/v1/people/1/affiliations', json({ org: 'a\u0000b' }, bearer(token))), 400);
    const big = 'x'.repeat(10 * 1024 * 1024);
    await expectProblem(await t.app.request('/sign-up', { method: 'POST', body: `username=${big}`, headers: { 'content-type': 'application/x-www-form-urlencoded' } }), 413);
    await expectProblem(await t.app.request('/api/v1/compat-reports', { method: 'POST', body: big, headers: { 'content-type': 'application/json', ...bearer(token) } }), 413);
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const res = await t.app.request('/api/v1/people/1/affiliations', { method: 'POST', body: `{"org":"x","junk":${deep}}`, headers: { 'content-type': 'application/json', ...bearer(token) } });
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await expectProblem(await t.app.request('/api/v1/people/1/affiliations', json({ org: 'x', junk: { a: 1 } }, bearer(token))), 400);
  });
});

describe('tokens act only within their scope and glob', () => {
  let tokens: Record<string, string>;
  let crate: string;
  let owner: WebClient;
  beforeAll(async () => {
    owner = new WebClient(t.app);
    await owner.signUp('scoped-owner', 'correct horse battery staple');
    crate = (await createCrate(t.database)).name;
    await t.database.rows(sql`insert into package_owners (package_id, user_id, via) select p.id, u.id, 'test' from packages p, users u where p.name = ${crate} and u.username = 'scoped-owner'`);
    tokens = {
      report: await owner.createToken({ name: 'report', scopes: ['compat:report'] }),
      glob: await owner.createToken({ name: 'glob', scopes: ['governance:vote', 'profile:write', 'owners:manage', 'compat:report'], packageGlob: 'tokio-*' }),
      all: await owner.createToken({ name: 'all', scopes: ['metadata:write', 'compat:report', 'owners:manage', 'governance:vote', 'profile:write'] }),
    };
  });

  it('a compat:report token neither lists nor revokes its owner’s other tokens, nor changes the profile', async () => {
    await expectProblem(await t.app.request('/api/v1/me/tokens', { headers: bearer(tokens.report!) }), 403);
    const [{ id }] = (await t.database.rows<{ id: number }>(sql`select t.id::int from api_tokens t where t.name = 'all' and t.user_id = (select id from users where username = 'scoped-owner')`)) as [{ id: number }];
    await expectProblem(await t.app.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE', headers: bearer(tokens.report!) }), 404);
    await expectJson(await t.app.request('/api/v1/me', { headers: bearer(tokens.all!) }), 200);
    await expectProblem(await t.app.request('/api/v1/people/1/hide', { method: 'POST', headers: bearer(tokens.report!) }), 403);
    await expectProblem(await t.app.request('/api/v1/people/1/affiliations', json({ org: 'Acme' }, bearer(tokens.report!))), 403);
  });

  it('a glob-limited token may not vote, draft or change a profile, and acts on no package outside its glob', async () => {
    await expectProblem(await t.app.request('/api/v1/proposals/1/ballots', json({ choice: { choice: 'yes' } }, bearer(tokens.glob!))), 403);
    await expectProblem(await t.app.request('/api/v1/councils/x/proposals', json({}, bearer(tokens.glob!))), 403);
    await expectProblem(await t.app.request('/api/v1/people/1/hide', { method: 'POST', headers: bearer(tokens.glob!) }), 403);
    await expectProblem(await t.app.request(`/api/v1/packages/crates/${crate}/owners`, json({ username: 'someone' }, bearer(tokens.glob!))), 403);
    await expectProblem(await t.app.request('/api/v1/compat-reports', json({ crate, version: '0.1.0', target: 'x86_64-unknown-linux-gnu', toolchain: 'stable', result: 'pass' }, bearer(tokens.glob!))), 403);
  });

  it('every write in the OpenAPI document declares its access, and refuses anonymous callers, sessions and tokens without its scope', async () => {
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    const other = new WebClient(t.app);
    await other.signUp('matrix-user', 'correct horse battery staple');
    const noScope = await other.createToken({ name: 'report only', scopes: ['compat:report'] });
    const anyOtherScope = await other.createToken({ name: 'metadata only', scopes: ['metadata:write'] });
    const session = { cookie: `ferrite_session=${other.cookies.get('ferrite_session')}`, origin: 'http://localhost' };
    const fill = (path: string) => path.replace('{ecosystem}', 'crates').replace('{name}', crate).replace(/\{[a-z]+\}/g, '1');
    let writes = 0;
    for (const [path, ops] of Object.entries<Record<string, { 'x-ferrite-access'?: { credential: string; scope?: string } }>>(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const access = op['x-ferrite-access'];
        if (method === 'get') continue;
        writes++;
        expect(access, `${method} ${path} declares its access`).toBeDefined();
        expect(access!.credential, `${method} ${path}`).not.toBe('anyone');
        const url = fill(path);
        const send = (headers: Record<string, string>) => t.app.request(url, { method: method.toUpperCase(), body: '{}', headers: { 'content-type': 'application/json', ...headers } });
        await expectProblem(await send({}), 401);
        if (access!.credential === 'token') {
          await expectProblem(await send(session), 403);
          const wrong = access!.scope === 'compat:report' ? anyOtherScope : noScope;
          const res = await send(bearer(wrong));
          expect(res.status, `${method} ${path} with a token lacking ${access!.scope}`).toBe(403);
        }
      }
    }
    expect(writes).toBeGreaterThanOrEqual(15);
  });
});

describe('a session’s API write', () => {
  it('is taken from this hub’s public address or its own, and refused from another site or without Origin', async () => {
    const user = new WebClient(t.app);
    await user.signUp('origin-user', 'correct horse battery staple');
    await user.createToken({ name: 'first', scopes: ['compat:report'] });
    await user.createToken({ name: 'second', scopes: ['compat:report'] });
    const cookie = `ferrite_session=${user.cookies.get('ferrite_session')}`;
    const list = await expectJson<{ items: { id: number }[] }>(await t.app.request('/api/v1/me/tokens', { headers: { cookie } }), 200);
    const [a, b] = list.items.map((x) => x.id);
    const revoke = (id: number, headers: Record<string, string>) => t.app.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE', headers: { cookie, ...headers } });
    await expectProblem(await revoke(a!, { origin: 'https://evil.example' }), 403);
    await expectProblem(await revoke(a!, {}), 403);
    // Behind a reverse proxy the browser names PUBLIC_URL, not the address the request reached.
    expect((await revoke(a!, { origin: 'http://ferrite.test' })).status).toBe(204);
    expect((await revoke(b!, { origin: 'http://localhost' })).status).toBe(204);
  });
});

describe('logs', () => {
  it('never carry a failed query’s parameters (a new account’s password hash)', async () => {
    const web = new WebClient(t.app);
    await t.database.rows(sql`alter table users add constraint no_new_users check (id < 0) not valid`);
    try {
      await web.get('/sign-up');
      const res = await web.post('/sign-up', { username: 'log-victim', password: 'correct horse battery staple' });
      expect(res.status).toBe(500);
    } finally {
      await t.database.rows(sql`alter table users drop constraint no_new_users`);
    }
    const lines = t.logLines.join('\n');
    expect(lines).toContain('unhandled error');
    expect(lines).not.toMatch(/argon2id/);
    expect(lines).not.toContain('log-victim');
    expect(lines).not.toMatch(/params:/);
  });
});

describe('with the search engine down', () => {
  it('home and search render a notice, the API answers 503 with Retry-After, and /readyz says which dependency is down', async () => {
    // A Meilisearch on a closed port, as with MEILI_HOST pointing nowhere.
    const app = createHub({ database: t.database, logger: createLogger('silent'), search: MeiliSearchEngine.connect('http://127.0.0.1:9'), publicUrl: 'http://ferrite.test', pageCacheMs: 0 });
    const home = await app.request('/', { headers: { accept: 'text/html' } });
    expect(home.status).toBe(503);
    expect(await home.text()).toContain('Search is catching up or unavailable');
    const page = await app.request('/search?q=tensor', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(503);
    expect(await page.text()).toContain('value="tensor"');
    const api = await app.request('/api/v1/search?q=tensor');
    await expectProblem(api, 503, 'searchUnavailable');
    expect(api.headers.get('retry-after')).toBe('30');
    const ready = await expectJson(await app.request('/readyz'), 503);
    expect(ready).toMatchObject({ status: 'unavailable', checks: { database: { ok: true }, search: { ok: false } } });
    expect(ready.checks.outbox).toEqual({ pending: expect.any(Number), oldestPendingSeconds: expect.toSatisfy((v: unknown) => v === null || typeof v === 'number') });
    await expectJson(await app.request('/healthz'), 200);
  });
});
