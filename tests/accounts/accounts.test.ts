import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { secretHash } from '../../api/accounts/secrets.js';
import { createHub } from '../../bin/app.js';
import { createLogger } from '../../api/lib/logger.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { WebClient } from '../setup/web-client.js';

let now = new Date('2026-11-25T12:00:00Z');
const t = useTestApp({ clock: () => now });
const PASSWORD = 'correct horse battery staple';
const count = async (table: string) => (await t.database.rows<{ n: number }>(sql.raw(`select count(*)::int as n from ${table}`)))[0]!.n;
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

describe('sign up, sign in, sign out', () => {
  it('creates an account with an argon2id hash and a Lucia-style session (hashed id, HttpOnly SameSite=Lax cookie)', async () => {
    const web = new WebClient(t.app);
    await web.get('/sign-up');
    const res = await web.post('/sign-up', { username: 'ferris', password: PASSWORD, displayName: 'Ferris the Crab' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/account');
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('ferrite_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Lax/);
    expect(cookie).toMatch(/Path=\//);
    const token = web.cookies.get('ferrite_session')!;
    const [user] = await t.database.rows<{ password_hash: string }>(sql`select password_hash from users where username = 'ferris'`);
    expect(user!.password_hash).toMatch(/^\$argon2id\$/);
    const [session] = await t.database.rows<{ id: string }>(sql`select id from sessions`);
    expect(session!.id).toMatch(/^[0-9a-f]{64}$/);
    expect(session!.id).not.toBe(token);
    const account = await web.get('/account');
    expect(account.status).toBe(200);
    expect(account.headers.get('cache-control')).toBe('no-store');
    expect(web.lastHtml).toContain('Ferris the Crab');
    // The header names the account instead of offering to sign in.
    expect(web.lastHtml).toContain('<a href="/account" aria-current="page">ferris</a>');
  });

  it('refuses bad input naming the field, a taken name, and forms without the CSRF token or from another site; nothing is stored', async () => {
    const web = new WebClient(t.app);
    await web.get('/sign-up');
    const before = await count('users');
    const short = await web.post('/sign-up', { username: 'shorty', password: 'short' });
    expect(short.status).toBe(400);
    expect(web.lastHtml).toContain('<strong>password</strong>: at least 10 characters');
    expect(web.lastHtml).toContain('value="shorty"');
    await web.get('/sign-up');
    expect((await web.post('/sign-up', { username: 'FERRIS', password: PASSWORD })).status).toBe(409);
    expect(web.lastHtml).toContain('is taken');
    await web.get('/sign-up');
    expect((await web.post('/sign-up', { username: 'nocsrf', password: PASSWORD }, { csrf: null })).status).toBe(403);
    expect((await web.post('/sign-up', { username: 'wrongcsrf', password: PASSWORD }, { csrf: 'a'.repeat(32) })).status).toBe(403);
    await web.get('/sign-up');
    expect((await web.post('/sign-up', { username: 'evil', password: PASSWORD }, { origin: 'https://evil.example' })).status).toBe(403);
    expect(await count('users')).toBe(before);
  });

  it('signs in, throttles repeated failures per account, and signs out for real', async () => {
    const web = new WebClient(t.app);
    await web.signUp('throttled', PASSWORD);
    await web.get('/account');
    await web.post('/sign-out', {});
    expect(web.cookies.has('ferrite_session')).toBe(false);
    expect((await web.get('/account')).status).toBe(303);

    await web.get('/sign-in');
    const ok = await web.post('/sign-in', { username: 'Throttled', password: PASSWORD, next: '//evil.example/' });
    expect(ok.status).toBe(303);
    expect(ok.headers.get('location')).toBe('/account');
    const sessionsBefore = await count('sessions');
    const other = new WebClient(t.app);
    for (let i = 0; i < 5; i++) {
      await other.get('/sign-in');
      expect((await other.post('/sign-in', { username: 'throttled', password: `wrong password ${i}` })).status).toBe(401);
      expect(other.lastHtml).toContain('Wrong username or password.');
    }
    await other.get('/sign-in');
    const locked = await other.post('/sign-in', { username: 'throttled', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(locked.headers.get('retry-after')).toBe('900');
    expect(await count('sessions')).toBe(sessionsBefore);
    // Fifteen minutes later the account may try again.
    now = new Date(now.getTime() + 16 * 60_000);
    await other.get('/sign-in');
    expect((await other.post('/sign-in', { username: 'throttled', password: PASSWORD })).status).toBe(303);
  });

  it('throttles failures per address too: thirty wrong guesses over many names lock that address out of every account for a while', async () => {
    const victim = new WebClient(t.app);
    await victim.signUp('address-victim', PASSWORD);
    const guesser = new WebClient(t.app);
    for (let i = 0; i < 30; i++) {
      await guesser.get('/sign-in');
      expect((await guesser.post('/sign-in', { username: `nobody-${i}`, password: 'wrong password here' })).status).toBe(401);
    }
    // The right password for an account that has never failed, from the same address: refused unchecked.
    await guesser.get('/sign-in');
    const locked = await guesser.post('/sign-in', { username: 'address-victim', password: PASSWORD });
    expect(locked.status).toBe(429);
    expect(guesser.lastHtml).toContain('Too many failed sign-ins');
    now = new Date(now.getTime() + 16 * 60_000);
    await guesser.get('/sign-in');
    expect((await guesser.post('/sign-in', { username: 'address-victim', password: PASSWORD })).status).toBe(303);
  });

  it('changes the password (the current one required), signing out every other session', async () => {
    const a = new WebClient(t.app);
    await a.signUp('changer', PASSWORD);
    const b = new WebClient(t.app);
    await b.get('/sign-in');
    await b.post('/sign-in', { username: 'changer', password: PASSWORD });
    await a.get('/account');
    expect((await a.post('/account/password', { current: 'not my password', next: 'a brand new passphrase' })).status).toBe(400);
    expect((await b.get('/account')).status).toBe(200);
    await a.get('/account');
    expect((await a.post('/account/password', { current: PASSWORD, next: 'a brand new passphrase' })).status).toBe(303);
    expect((await a.get('/account')).status).toBe(200);
    expect((await b.get('/account')).status).toBe(303);
  });

  it('lists sessions and revokes one; another account’s session id changes nothing', async () => {
    const a = new WebClient(t.app);
    await a.signUp('sessions-a', PASSWORD);
    const a2 = new WebClient(t.app);
    await a2.get('/sign-in');
    await a2.post('/sign-in', { username: 'sessions-a', password: PASSWORD });
    const mallory = new WebClient(t.app);
    await mallory.signUp('mallory', PASSWORD);
    const victim = { id: secretHash(a2.cookies.get('ferrite_session')!) };
    await mallory.get('/account');
    expect((await mallory.post('/account/sessions/revoke', { session: victim.id })).status).toBe(404);
    expect((await a2.get('/account')).status).toBe(200);
    await a.get('/account');
    expect((await a.post('/account/sessions/revoke', { session: victim.id })).status).toBe(303);
    expect((await a2.get('/account')).status).toBe(303);
  });
});

describe('API tokens', () => {
  it('are shown once, stored hashed, carry scopes, glob and expiry, record their last use, and can be revoked', async () => {
    const web = new WebClient(t.app);
    await web.signUp('tokens', PASSWORD);
    const token = await web.createToken({ name: 'CI', scopes: ['metadata:write', 'compat:report'], packageGlob: 'my-crate-*', expiresInDays: '30' });
    expect(token).toMatch(/^frt_[a-z2-7]{39}$/);
    expect((await web.get('/account')).status).toBe(200);
    expect(web.lastHtml).not.toContain(token);
    expect(web.lastHtml).toContain(token.slice(0, 10));
    const [row] = await t.database.rows<{ token_hash: string; last_used_at: string | null }>(sql`select token_hash, last_used_at from api_tokens`);
    expect(row!.token_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(row!.last_used_at).toBeNull();
    const dump = JSON.stringify(await t.database.rows(sql`select * from api_tokens`));
    expect(dump).not.toContain(token);

    const me = await expectJson(await t.app.request('/api/v1/me', { headers: bearer(token) }), 200);
    expect(me).toMatchObject({ username: 'tokens', auth: 'token', token: { scopes: ['metadata:write', 'compat:report'], packageGlob: 'my-crate-*' } });
    // Tokens are listed to a signed-in session, never to a token (a leaked token must not see its siblings).
    await expectProblem(await t.app.request('/api/v1/me/tokens', { headers: bearer(token) }), 403, 'forbidden');
    const list = await expectJson(await t.app.request('/api/v1/me/tokens', { headers: { cookie: `ferrite_session=${web.cookies.get('ferrite_session')}` } }), 200);
    expect(list.items[0].lastUsedAt).not.toBeNull();
    expect(JSON.stringify(list)).not.toContain(token);

    // 31 days later it has expired.
    const saved = now;
    now = new Date(now.getTime() + 31 * 86_400_000);
    await expectProblem(await t.app.request('/api/v1/me', { headers: bearer(token) }), 401, 'unauthorized');
    now = saved;

    await expectProblem(await t.app.request('/api/v1/me', { headers: bearer('frt_notarealtoken') }), 401, 'unauthorized');
    const res = await t.app.request(`/api/v1/me/tokens/${list.items[0].id}`, { method: 'DELETE', headers: bearer(token) });
    expect(res.status).toBe(204);
    await expectProblem(await t.app.request('/api/v1/me', { headers: bearer(token) }), 401, 'unauthorized');
  });

  it('refuses bad token forms naming the field, another user’s revoke, and a revoke without CSRF; nothing changes', async () => {
    const owner = new WebClient(t.app);
    await owner.signUp('token-owner', PASSWORD);
    const token = await owner.createToken({ name: 'keep', scopes: ['compat:report'] });
    const before = await count('api_tokens');
    await owner.get('/account');
    expect((await owner.post('/account/tokens', { name: 'no scopes', expiresInDays: '30' })).status).toBe(400);
    expect(owner.lastHtml).toContain('<strong>scopes</strong>');
    await owner.get('/account');
    expect((await owner.post('/account/tokens', { name: 'bad glob', scopes: 'compat:report', packageGlob: '../etc/*' })).status).toBe(400);
    expect(owner.lastHtml).toContain('<strong>packageGlob</strong>');
    await owner.get('/account');
    expect((await owner.post('/account/tokens', { name: 'bad scope', scopes: 'admin:everything' })).status).toBe(400);
    expect(await count('api_tokens')).toBe(before);

    const [{ id }] = (await t.database.rows<{ id: number }>(sql`select t.id::int from api_tokens t join users u on u.id = t.user_id where u.username = 'token-owner'`)) as [{ id: number }];
    const other = new WebClient(t.app);
    await other.signUp('token-thief', PASSWORD);
    await other.get('/account');
    expect((await other.post(`/account/tokens/${id}/revoke`, {})).status).toBe(404);
    const otherToken = await other.createToken({ name: 'mine', scopes: ['compat:report'] });
    await expectProblem(await t.app.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE', headers: bearer(otherToken) }), 404);
    await owner.get('/account');
    expect((await owner.post(`/account/tokens/${id}/revoke`, {}, { csrf: null })).status).toBe(403);
    // A session cookie alone cannot write through the API.
    const viaCookie = await t.app.request(`/api/v1/me/tokens/${id}`, { method: 'DELETE', headers: { cookie: `ferrite_session=${owner.cookies.get('ferrite_session')}` } });
    await expectProblem(viaCookie, 403);
    expect((await expectJson(await t.app.request('/api/v1/me', { headers: bearer(token) }), 200)).username).toBe('token-owner');
  });
});

describe('secrets', () => {
  it('never appear in logs or responses after creation', async () => {
    const web = new WebClient(t.app);
    const password = 'a very secret passphrase 42';
    await web.signUp('logged', password);
    const token = await web.createToken({ name: 'log check', scopes: ['compat:report'] });
    await t.app.request('/api/v1/me', { headers: bearer(token) });
    await t.app.request(`/api/v1/me?token=${token}`, { headers: bearer(token) });
    const logs = t.logLines.join('\n');
    expect(logs).not.toContain(password);
    expect(logs).not.toContain(token);
    expect(logs).not.toContain(web.cookies.get('ferrite_session')!);
    const audit = JSON.stringify(await t.database.rows(sql`select * from audit_log`));
    expect(audit).not.toContain(password);
    expect(audit).not.toContain(token);
  });
});

describe('GitHub sign-in', () => {
  it('is offered only when configured, starts OAuth with a state cookie, and refuses a callback whose state does not match', async () => {
    expect((await new WebClient(t.app).get('/sign-in/github')).status).toBe(501);
    const app = createHub({
      database: t.database,
      logger: createLogger('silent'),
      search: new PostgresSearchEngine(t.database),
      publicUrl: 'http://ferrite.test',
      github: { clientId: 'client-id', clientSecret: 'client-secret' },
    });
    const web = new WebClient(app);
    await web.get('/sign-in');
    expect(web.lastHtml).toContain('href="/sign-in/github"');
    const start = await web.get('/sign-in/github');
    expect(start.status).toBe(302);
    const to = new URL(start.headers.get('location')!);
    expect(to.pathname).toBe('/login/oauth/authorize');
    expect(to.searchParams.get('client_id')).toBe('client-id');
    expect(to.searchParams.get('redirect_uri')).toBe('http://ferrite.test/sign-in/github/callback');
    const state = to.searchParams.get('state')!;
    expect(web.cookies.get('ferrite_github_state')).toBe(state);
    // A forged callback (another state) stops before any call to GitHub.
    expect((await web.get(`/sign-in/github/callback?state=forged&code=x`)).status).toBe(400);
    expect((await web.get(`/sign-in/github/callback?state=${state}`)).status).toBe(400);
  });
});
