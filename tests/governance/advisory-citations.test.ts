import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { AdvisoryResponse } from '../../api/advisories/contracts.js';
import { GovernanceLog, ProposalCreated, ProposalView } from '../../api/governance/contracts.js';
import { verifyLog } from '../../api/governance/verify.js';
import { addMember, createCouncil } from '../../api/governance/service.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { expectConforms } from '../setup/openapi-answers.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { WebClient } from '../setup/web-client.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');
// Pages are read again after each change: no micro-cache between them.
const t = useTestApp({ clock: () => new Date('2026-11-25T12:00:00Z'), pageCacheMs: 0 });
const tokens: Record<string, string> = {};
const webs: Record<string, WebClient> = {};

const api = (who: string | null, method: string, url: string, body?: unknown) =>
  t.app.request(url, { method, headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
const draft = (who: string | null, input: Record<string, unknown>) => api(who, 'POST', '/api/v1/councils/embedded/proposals', input);
const DEPRECATE = { kind: 'deprecate', title: 'Deprecate atomic-polyfill', action: { package: { name: 'atomic-polyfill' }, replacement: { name: 'portable-atomic' } }, rules: { method: 'majority' } };
const proposalCount = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int n from proposals`))[0]!.n;
/** The titles under "Cited by council proposals" on an advisory page, as `who` sees it (null: signed out). */
async function citedOn(advisory: string, who: string | null) {
  const res = who ? await webs[who]!.get(`/advisories/${advisory}`) : await t.app.request(`/advisories/${advisory}`, { headers: { accept: 'text/html' } });
  const html = await res.text();
  expect(res.status, html.slice(0, 300)).toBe(200);
  const at = html.indexOf('id="cited-by"');
  if (at < 0) return [];
  const section = html.slice(at, html.indexOf('</ul>', at));
  return [...section.matchAll(/<a href="\/proposals\/(\d+)">([^<]*)<\/a>/g)].map((m) => `${m[1]} ${m[2]}`);
}

beforeAll(async () => {
  await runIndexCrates(t.database, ['atomic-polyfill', 'portable-atomic', 'tokio'].map((n) => realIndexFile(n)));
  await indexAdvisories(t.database, [ADVISORY_DB], { out: new Writable({ write: (_c, _e, d) => d() }) });
  await createCouncil(t.database, { slug: 'embedded', name: 'Embedded council', charter: 'Recommends crates for no_std targets.' });
  for (const m of ['alice', 'bob', 'outsider']) {
    const web = new WebClient(t.app);
    webs[m] = web;
    await web.signUp(m, 'correct horse battery staple');
    tokens[m] = await web.createToken({ name: 'votes', scopes: ['governance:vote'] });
    if (m !== 'outsider') await addMember(t.database, 'embedded', m, { role: m === 'alice' ? 'chair' : 'member', from: new Date('2026-01-01') });
  }
  tokens['alice-no-scope'] = await webs.alice!.createToken({ name: 'meta', scopes: ['metadata:write'] });
}, 120_000);

describe('council proposals citing RustSec advisories', () => {
  it('resolves aliases to canonical ids, shows the citations on the proposal and lists the proposal on each advisory page once it is public', async () => {
    const { id } = expectConforms(ProposalCreated, await expectJson(await draft('alice', { ...DEPRECATE, advisories: ['RUSTSEC-2023-0089', 'cve-2023-22466', 'rustsec-2023-0089'] }), 201));
    const mine = expectConforms(ProposalView, await expectJson(await api('alice', 'GET', `/api/v1/proposals/${id}`), 200));
    // The CVE alias is tokio's RUSTSEC-2023-0001; the repeated id (in another case) collapses.
    expect(mine.advisories).toEqual(['RUSTSEC-2023-0089', 'RUSTSEC-2023-0001']);

    // A draft is listed only for those who may see it: its author and the council's members.
    expect(await citedOn('RUSTSEC-2023-0089', null)).toEqual([]);
    expect(await citedOn('RUSTSEC-2023-0089', 'outsider')).toEqual([]);
    expect(await citedOn('RUSTSEC-2023-0089', 'bob')).toEqual([`${id} Deprecate atomic-polyfill`]);
    // The API says the same to the same callers.
    const citedByApi = async (advisory: string, who: string | null) =>
      expectConforms(AdvisoryResponse, await expectJson(await api(who, 'GET', `/api/v1/advisories/${advisory}`), 200)).citedBy.map((p) => `${p.id} ${p.title} ${p.status}`);
    expect(await citedByApi('RUSTSEC-2023-0089', null)).toEqual([]);
    expect(await citedByApi('RUSTSEC-2023-0089', 'outsider')).toEqual([]);
    expect(await citedByApi('RUSTSEC-2023-0089', 'bob')).toEqual([`${id} Deprecate atomic-polyfill draft`]);

    await expectJson(await api('alice', 'POST', `/api/v1/proposals/${id}/open`, {}), 200);
    const p = expectConforms(ProposalView, await expectJson(await t.app.request(`/api/v1/proposals/${id}`), 200));
    expect(p.advisories).toEqual(['RUSTSEC-2023-0089', 'RUSTSEC-2023-0001']);
    expect(await citedOn('RUSTSEC-2023-0089', null)).toEqual([`${id} Deprecate atomic-polyfill`]);
    expect(await citedByApi('CVE-2023-22466', null)).toEqual([`${id} Deprecate atomic-polyfill open`]);
    // The alias's page is the canonical advisory's page, and it lists the proposal too.
    expect(await citedOn('CVE-2023-22466', null)).toEqual([`${id} Deprecate atomic-polyfill`]);
    expect(await citedOn('RUSTSEC-2023-0014', null)).toEqual([]);

    const res = await t.app.request(`/proposals/${id}`, { headers: { accept: 'text/html' } });
    const html = await res.text();
    expect(res.status).toBe(200);
    expect(html).toMatch(/<p id="cited-advisories">Cites RustSec advisories <a href="\/advisories\/RUSTSEC-2023-0089">RUSTSEC-2023-0089<\/a>, <a href="\/advisories\/RUSTSEC-2023-0001">RUSTSEC-2023-0001<\/a>\.<\/p>/);
    expect(await htmlProblems(html)).toEqual([]);
    const advisoryPage = await (await t.app.request('/advisories/RUSTSEC-2023-0089', { headers: { accept: 'text/html' } })).text();
    expect(advisoryPage).toContain('<h2 id="cited-by">Cited by council proposals</h2>');
    expect(await htmlProblems(advisoryPage)).toEqual([]);
  });

  it('logs the cited ids with the proposal when it opens, so they are hashed with what members vote on', async () => {
    const { id } = await expectJson(await draft('alice', { ...DEPRECATE, title: 'Deprecate atomic-polyfill, logged', advisories: ['GHSA-7rrj-xr53-82p7', 'RUSTSEC-2023-0089'] }), 201);
    await expectJson(await api('alice', 'POST', `/api/v1/proposals/${id}/open`, {}), 200);
    const { entries } = expectConforms(GovernanceLog, await expectJson(await t.app.request(`/api/v1/proposals/${id}/log`), 200));
    const opened = entries[0]!.event as { type: string; proposal: { advisories?: string[] } };
    expect(opened.type).toBe('opened');
    expect(opened.proposal.advisories).toEqual(['RUSTSEC-2023-0001', 'RUSTSEC-2023-0089']);
    expect(verifyLog(entries).chain).toEqual({ ok: true });
    // Changing the cited ids in the published entry breaks its hash.
    const tampered = structuredClone(entries);
    (tampered[0]!.event as { proposal: { advisories: string[] } }).proposal.advisories = ['RUSTSEC-2023-0089'];
    expect(verifyLog(tampered).chain).toMatchObject({ ok: false, seq: 1 });

    // A proposal citing nothing logs its `opened` entry exactly as before: no `advisories` key.
    const plain = await expectJson(await draft('alice', { kind: 'policy', title: 'Cite nothing', rules: { method: 'majority' } }), 201);
    await expectJson(await api('alice', 'POST', `/api/v1/proposals/${plain.id}/open`, {}), 200);
    const log = await expectJson(await t.app.request(`/api/v1/proposals/${plain.id}/log`), 200);
    expect(log.entries[0].event.proposal).not.toHaveProperty('advisories');
    expect((await expectJson(await t.app.request(`/api/v1/proposals/${plain.id}`), 200)).advisories).toEqual([]);
  });

  it('refuses an unknown advisory by name, and more than ten, storing nothing', async () => {
    const before = await proposalCount();
    const unknown = await expectProblem(await draft('alice', { ...DEPRECATE, advisories: ['RUSTSEC-2023-0089', 'RUSTSEC-2099-0001'] }), 400, 'invalidRequest');
    expect(unknown.detail).toContain("'RUSTSEC-2099-0001'");
    expect(unknown.errors).toEqual([{ path: 'advisories', message: 'unknown advisory RUSTSEC-2099-0001' }]);
    const many = await expectProblem(await draft('alice', { ...DEPRECATE, advisories: Array.from({ length: 11 }, () => 'RUSTSEC-2023-0089') }), 400);
    expect(many.errors?.[0]?.path).toBe('advisories');
    expect(await proposalCount()).toBe(before);
  });

  it('leaves who may draft unchanged: non-members, tokens without governance:vote and anonymous callers are refused before any advisory is looked up', async () => {
    const before = await proposalCount();
    await expectProblem(await draft('outsider', { ...DEPRECATE, advisories: ['RUSTSEC-2023-0089'] }), 403);
    // Not a 400 for the unknown id: the caller may not draft at all.
    await expectProblem(await draft('outsider', { ...DEPRECATE, advisories: ['RUSTSEC-2099-0001'] }), 403);
    await expectProblem(await draft('alice-no-scope', { ...DEPRECATE, advisories: ['RUSTSEC-2023-0089'] }), 403);
    await expectProblem(await draft(null, { ...DEPRECATE, advisories: ['RUSTSEC-2023-0089'] }), 401);
    expect(await proposalCount()).toBe(before);
  });

  it('takes the citations from the draft form, comma- or space-separated, and names an unknown one in the form', async () => {
    const alice = webs.alice!;
    await alice.get('/councils/embedded');
    expect(alice.lastHtml).toContain('<label for="advisories">');
    const fields = { kind: 'deprecate', title: 'Deprecate atomic-polyfill (form)', package: 'atomic-polyfill', method: 'majority', maxDays: '7' };
    const bad = await alice.post('/councils/embedded/proposals', { ...fields, advisories: 'RUSTSEC-2023-0089 RUSTSEC-2099-0001' });
    expect(bad.status).toBe(400);
    expect(alice.lastHtml).toContain('No RustSec advisory has the id or alias &#39;RUSTSEC-2099-0001&#39;.');
    // What was typed is kept for correction.
    expect(alice.lastHtml).toContain('value="RUSTSEC-2023-0089 RUSTSEC-2099-0001"');
    const ok = await alice.post('/councils/embedded/proposals', { ...fields, advisories: 'RUSTSEC-2023-0089, CVE-2023-22466' });
    expect(ok.status).toBe(303);
    const id = Number(/\/proposals\/(\d+)$/.exec(ok.headers.get('location')!)![1]);
    await alice.get(`/proposals/${id}`);
    expect(alice.lastHtml).toContain('<a href="/advisories/RUSTSEC-2023-0001">RUSTSEC-2023-0001</a>');
    expect((await expectJson(await api('alice', 'GET', `/api/v1/proposals/${id}`), 200)).advisories).toEqual(['RUSTSEC-2023-0089', 'RUSTSEC-2023-0001']);
  });
});
