import { Validator } from '@seriousme/openapi-schema-validator';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { WebClient } from '../setup/web-client.js';

describe('system routes and cross-cutting behaviour', () => {
  const t = useTestApp();

  it('answers /healthz with 200 and no caching', async () => {
    const res = await t.app.request('/healthz');
    expect(await expectJson(res, 200)).toEqual({ status: 'ok' });
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('answers /readyz with each dependency: database, search engine, outbox backlog', async () => {
    const body = await expectJson(await t.app.request('/readyz'), 200);
    expect(body).toMatchObject({ status: 'ok', database: t.database.kind, search: 'postgres', checks: { database: { ok: true }, search: { ok: true } } });
    expect(body.checks.outbox.pending).toBeGreaterThanOrEqual(0);
  });

  it('sends security headers on every response', async () => {
    const res = await t.app.request('/healthz');
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("object-src 'none'");
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
  });

  it('gives every response a request id, keeping a well-formed one the caller sent', async () => {
    const own = await t.app.request('/healthz');
    expect(own.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const passed = await t.app.request('/healthz', { headers: { 'x-request-id': 'trace-abc-123' } });
    expect(passed.headers.get('x-request-id')).toBe('trace-abc-123');
  });

  it('logs one line per request with id, status and duration, and never the query string', async () => {
    await t.app.request('/api/v1/packages?limit=5&cursor=secret-looking-value', { headers: { 'x-request-id': 'log-check-1' } });
    const lines = t.logLines.map((l) => JSON.parse(l)).filter((l) => l.requestId === 'log-check-1');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({ method: 'GET', path: '/api/v1/packages', msg: 'request' });
    expect(typeof lines[0].durationMs).toBe('number');
    expect(JSON.stringify(lines[0])).not.toContain('secret-looking-value');
  });

  it('answers unknown addresses with a 404 problem carrying the request id', async () => {
    const res = await t.app.request('/api/v1/no-such-thing', { headers: { 'x-request-id': 'nf-1' } });
    const problem = await expectProblem(res, 404, 'notFound');
    expect(problem.requestId).toBe('nf-1');
    expect(problem.type).toBe('/problems/notFound');
    expect(res.headers.get('cache-control')).toBe('no-store');
  });

  it('explains each problem type at its type URI', async () => {
    const res = await t.app.request('/problems/packageNotFound');
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('No such package');
    await expectProblem(await t.app.request('/problems/noSuchCode'), 404, 'notFound');
  });

  it('compresses large responses for clients that accept gzip', async () => {
    const res = await t.app.request('/api/openapi.json', { headers: { 'accept-encoding': 'gzip' } });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-encoding')).toBe('gzip');
  });

  it('serves a valid OpenAPI 3.1 document that lists every API route', async () => {
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    expect(doc.openapi).toBe('3.1.0');
    const result = await new Validator().validate(doc);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    const documented = new Set(
      Object.entries(doc.paths as Record<string, object>).flatMap(([p, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${p.replace(/\{(\w+)\}/g, ':$1')}`),
      ),
    );
    const served = t.app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/api/v1') || r.path.endsWith('z')))
      .map((r) => `${r.method} ${r.path}`);
    expect(served.length).toBeGreaterThan(5);
    for (const route of served) expect(documented, route).toContain(route);
  });

  it('renders a human-readable API reference from the same document', async () => {
    const res = await t.app.request('/api/docs');
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('/api/v1/crates/{name}');
    expect(html).toContain('<title>Ferrite API reference</title>');
  });

  it('refuses the audit log being edited: it is append-only', async () => {
    await t.database.rows(sql`insert into audit_log (actor, action, subject_type, subject_key) values ('system', 'test', 'package', 'x')`);
    const causeOf = (p: Promise<unknown>) => p.then(() => 'accepted', (e: Error & { cause?: Error }) => e.cause?.message ?? e.message);
    expect(await causeOf(t.database.rows(sql`update audit_log set action = 'forged'`))).toMatch(/append-only/);
    expect(await causeOf(t.database.rows(sql`delete from audit_log`))).toMatch(/append-only/);
    const [row] = await t.database.rows<{ action: string }>(sql`select action from audit_log`);
    expect(row?.action).toBe('test');
  });
});

describe('rate limiting', () => {
  const t = useTestApp({ rateLimit: { windowMs: 60_000, limit: 3, trustProxy: false }, formRateLimit: { windowMs: 60_000, limit: 2, trustProxy: false } });

  it('limits web form posts on their own budget, with a friendly page and Retry-After, storing nothing', async () => {
    let web = new WebClient(t.app);
    const signUp = async (n: number) => {
      web = new WebClient(t.app); // one visitor per account, all from the same address
      await web.get('/sign-up');
      return web.post('/sign-up', { username: `flood${n}`, password: 'correct horse battery staple' });
    };
    for (let i = 0; i < 2; i++) expect((await signUp(i)).status).toBe(303);
    const res = await signUp(2);
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(web.lastHtml).toMatch(/Try again in \d+ s/);
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
    const [row] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from users where username like 'flood%'`);
    expect(row!.n).toBe(2);
    // Reading pages is not a form post: it still answers.
    expect((await t.app.request('/sign-up', { headers: { accept: 'text/html' } })).status).toBe(200);
  });

  it('answers 429 problem with Retry-After once a client exceeds its budget', async () => {
    for (let i = 0; i < 3; i++) expect((await t.app.request('/api/v1/packages')).status).toBe(200);
    const res = await t.app.request('/api/v1/packages');
    await expectProblem(res, 429, 'rateLimited');
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});

describe('rate limiting of rendered pages', () => {
  const t = useTestApp({ pageRateLimit: { windowMs: 60_000, limit: 2, trustProxy: false } });
  const page = (path: string) => t.app.request(path, { headers: { accept: 'text/html' } });

  it('counts only pages rendered afresh: cache hits, assets and the API stay free', async () => {
    expect((await page('/targets')).status).toBe(200);
    expect((await page('/categories')).status).toBe(200);
    const limited = await page('/councils');
    expect(limited.status).toBe(429);
    expect(await limited.text()).toMatch(/Try again in \d+ s/);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await page('/targets')).status).toBe(200); // from the page cache
    expect((await t.app.request('/api/v1/packages')).status).toBe(200);
  });
});

describe('rate limiting behind a trusted proxy', () => {
  const t = useTestApp({ rateLimit: { windowMs: 60_000, limit: 2, trustProxy: true } });
  const from = (forwarded: string) => t.app.request('/api/v1/packages', { headers: { 'x-forwarded-for': forwarded } });

  it('knows a client by the address the proxy appended, whatever the client put before it', async () => {
    expect((await from('1.1.1.1, 203.0.113.9')).status).toBe(200);
    expect((await from('2.2.2.2, 203.0.113.9')).status).toBe(200);
    await expectProblem(await from('3.3.3.3, 203.0.113.9'), 429, 'rateLimited');
    expect((await from('1.1.1.1, 198.51.100.7')).status).toBe(200);
  });
});
