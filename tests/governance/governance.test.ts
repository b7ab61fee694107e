import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { entryHash } from '../../api/governance/log.js';
import { addMember, closeDue, createCouncil } from '../../api/governance/service.js';
import { verifyLog } from '../../api/governance/verify.js';
import { grantOwnership } from '../../api/owners/service.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { WebClient } from '../setup/web-client.js';
import { htmlProblems } from '../setup/html.js';
import { hasChromium, pageFindings, useBrowser } from '../setup/browser.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { indexCategories } from '../../indexer/commands/index-categories.js';
import { CATEGORIES_TOML } from '../setup/web-catalog.js';
import { expectConforms, expectTypedOperations } from '../setup/openapi-answers.js';
import { ConcernRaised, CouncilList, CouncilView, GovernanceLog, GovernanceReceipt, ProposalCreated, ProposalStatusAnswer, ProposalView } from '../../api/governance/contracts.js';
import { BallotReceipt } from '../../api/transparency/contracts.js';

let now = new Date('2026-11-25T12:00:00Z');
const t = useTestApp({ clock: () => now });
const MEMBERS = ['alice', 'bob', 'carol', 'dave', 'erin'];
const tokens: Record<string, string> = {};
const webs: Record<string, WebClient> = {};
const DAY = 86_400_000;
let rankedProposal = 0;

const api = async (who: string | null, method: string, url: string, body?: unknown) =>
  t.app.request(url, { method, headers: { 'content-type': 'application/json', ...(who ? { authorization: `Bearer ${tokens[who]}` } : {}) }, body: body === undefined ? undefined : JSON.stringify(body) });
const rows = <T = Record<string, unknown>>(q: ReturnType<typeof sql>) => t.database.rows<T>(q);

async function propose(input: Record<string, unknown>, by = 'alice') {
  const { id } = expectConforms(ProposalCreated, await expectJson(await api(by, 'POST', '/api/v1/councils/embedded/proposals', input), 201));
  expectConforms(ProposalStatusAnswer, await expectJson(await api(by, 'POST', `/api/v1/proposals/${id}/open`, {}), 200));
  return id;
}
const vote = (who: string, id: number, choice: unknown, reason?: string) => api(who, 'POST', `/api/v1/proposals/${id}/ballots`, { choice, ...(reason ? { reason } : {}) });
// Every answer read here is also checked against its OpenAPI contract.
const log = async (id: number) => {
  const body = await expectJson(await t.app.request(`/api/v1/proposals/${id}/log`), 200);
  expectConforms(GovernanceLog, body);
  return body.entries;
};
const proposal = async (id: number) => {
  const body = await expectJson(await t.app.request(`/api/v1/proposals/${id}`), 200);
  expectConforms(ProposalView, body);
  return body;
};

beforeAll(async () => {
  await runIndexCrates(t.database, ['heapless', 'embedded-alloc', 'linked_list_allocator'].map((c) => realIndexFile(c)));
  await createCouncil(t.database, { slug: 'embedded', name: 'Embedded council', charter: 'Recommends crates for no_std targets.' });
  for (const m of [...MEMBERS, 'outsider']) {
    const web = new WebClient(t.app);
    webs[m] = web;
    await web.signUp(m, 'correct horse battery staple');
    tokens[m] = await web.createToken({ name: 'votes', scopes: ['governance:vote'] });
    if (m !== 'outsider') await addMember(t.database, 'embedded', m, { role: m === 'alice' ? 'chair' : 'member', from: new Date('2026-01-01') });
    if (m === 'erin') tokens['erin-no-scope'] = await web.createToken({ name: 'meta', scopes: ['metadata:write'] });
  }
}, 120_000);

describe('yes/no proposals', () => {
  it('pass, close early once decided, apply the recommendation in the same transaction, and verify from the public log', async () => {
    const id = await propose({ kind: 'recommend', title: 'Recommend heapless for no_std collections', action: { package: { name: 'heapless' }, scope: 'no-std' }, rules: { method: 'majority' } });
    const first = expectConforms(BallotReceipt, await expectJson(await vote('alice', id, { choice: 'yes' }), 200));
    expect((await log(id)).some((e: { hash: string }) => e.hash === first.receipt)).toBe(true);
    await expectJson(await vote('bob', id, { choice: 'yes' }), 200);
    expect((await proposal(id)).status).toBe('open');
    await expectJson(await vote('carol', id, { choice: 'yes' }), 200);
    // 3 of 5 yes: even 2 more no votes cannot change it.
    const p = await proposal(id);
    expect(p).toMatchObject({ status: 'passed', tally: { winner: 'yes', passed: true } });
    expect(p.decisions).toEqual([{ kind: 'recommended', scope: 'no-std', ecosystem: 'crates', name: 'heapless' }]);
    expect(p.author).toBe('alice');
    for (const internal of ['authorId', 'councilId', 'result']) expect(p).not.toHaveProperty(internal);
    const entries = await log(id);
    expect(entries.map((e: { event: { type: string } }) => e.event.type)).toEqual(['opened', 'ballot', 'ballot', 'ballot', 'closed', 'applied']);
    expect(verifyLog(entries)).toMatchObject({ chain: { ok: true }, result: 'matches' });
    const [audit] = await rows(sql`select actor from audit_log where action = 'package.recommended'`);
    expect(audit!.actor).toBe(`proposal:${id}`);
    await expectProblem(await vote('dave', id, { choice: 'no' }), 409);
  });

  it('keeps one ballot per member: changes are versions, parallel votes are neither lost nor doubled', async () => {
    const id = await propose({ kind: 'policy', title: 'Adopt the MSRV policy', body: 'N-2 stable releases.', rules: { method: 'majority', earlyClose: false } });
    const results = await Promise.all([
      ...MEMBERS.map((m) => vote(m, id, { choice: m === 'erin' ? 'no' : 'yes' })),
      vote('bob', id, { choice: 'abstain' }),
      vote('bob', id, { choice: 'no' }),
    ]);
    for (const r of results) expect(r.status).toBe(200);
    const [{ n, bob }] = await rows<{ n: number; bob: number }>(sql`select count(*)::int n, max(version) filter (where user_id = (select id from users where username = 'bob'))::int bob from ballots where proposal_id = ${id}`);
    expect(n).toBe(5);
    expect(bob).toBe(3);
    const ballots = (await log(id)).filter((e: { event: { type: string } }) => e.event.type === 'ballot');
    expect(ballots).toHaveLength(7);
    expect(new Set(ballots.map((e: { event: { voter: string; version: number } }) => `${e.event.voter}:${e.event.version}`)).size).toBe(7);
  });

  it('refuses non-members, recused members, tokens without governance:vote, cookies, bad ballots and votes after close, changing nothing', async () => {
    const id = await propose({ kind: 'policy', title: 'Quorum test', rules: { method: 'majority', quorum: 4, maxDays: 3, earlyClose: false, reasonsRequired: true } });
    expectConforms(GovernanceReceipt, await expectJson(await api('dave', 'POST', `/api/v1/proposals/${id}/recuse`, { reason: 'I maintain a competing crate' }), 200));
    const before = JSON.stringify(await rows(sql`select (select count(*) from ballots where proposal_id = ${id}) b, (select count(*) from governance_log where proposal_id = ${id}) l`));
    expect((await expectProblem(await vote('outsider', id, { choice: 'yes' }, 'why not'), 403)).detail).toMatch(/electorate/);
    expect((await expectProblem(await vote('dave', id, { choice: 'yes' }, 'x'), 403)).detail).toMatch(/recused/);
    await expectProblem(await api('erin-no-scope', 'POST', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' }, reason: 'x' }), 403);
    await expectProblem(await api(null, 'POST', `/api/v1/proposals/${id}/ballots`, { choice: { choice: 'yes' }, reason: 'x' }), 401);
    let p = await expectProblem(await vote('bob', id, { choice: 'maybe' }, 'x'), 400);
    expect(p.errors![0]!.message).toMatch(/not an option/);
    p = await expectProblem(await vote('bob', id, { choice: 'yes' }), 400);
    expect(p.errors![0]!.path).toBe('reason');
    p = await expectProblem(await vote('bob', id, { ranking: ['yes'] }, 'x'), 400);
    expect(p.errors![0]!.path).toBe('choice');
    expect(JSON.stringify(await rows(sql`select (select count(*) from ballots where proposal_id = ${id}) b, (select count(*) from governance_log where proposal_id = ${id}) l`))).toBe(before);

    // Two yes votes of the four eligible (dave recused): short of the quorum of 4 when time runs out.
    await expectJson(await vote('alice', id, { choice: 'yes' }, 'good'), 200);
    await expectJson(await vote('bob', id, { choice: 'yes' }, 'fine'), 200);
    now = new Date(now.getTime() + 3 * DAY + 1000);
    // Two workers' schedulers at once (a real race on the server): the proposal closes exactly once.
    const [a, b] = await Promise.all([closeDue(t.database, now), closeDue(t.database, now)]);
    expect([...a, ...b].filter((x) => x === id)).toEqual([id]);
    expect(await closeDue(t.database, now)).toEqual([]);
    expect((await log(id)).filter((e: { event: { type: string } }) => e.event.type === 'closed')).toHaveLength(1);
    expect((await proposal(id)).status).toBe('no_quorum');
    await expectProblem(await vote('carol', id, { choice: 'yes' }, 'late'), 409);
    expect(verifyLog(await log(id))).toMatchObject({ result: 'matches' });
  });
});

describe('secret ballots', () => {
  it('show who voted but not how until the close reveals them, and still verify', async () => {
    const id = await propose({ kind: 'deprecate', title: 'Deprecate linked_list_allocator', action: { package: { name: 'linked_list_allocator' }, replacement: { name: 'embedded-alloc' } }, rules: { method: 'supermajority', secret: true, maxDays: 2 } });
    for (const [m, c] of [['alice', 'yes'], ['bob', 'yes'], ['carol', 'no'], ['dave', 'yes']] as const) await expectJson(await vote(m, id, { choice: c }), 200);
    const open = await proposal(id);
    expect(open).toMatchObject({ status: 'open', hidden: true, tally: null });
    expect(open.electorate.filter((e: { voted: boolean }) => e.voted).map((e: { username: string }) => e.username)).toEqual(['alice', 'bob', 'carol', 'dave']);
    const during = JSON.stringify(await log(id));
    expect(during).not.toMatch(/"choice":\{"choice"/);
    expect(during).toContain('commitment');
    now = new Date(now.getTime() + 2 * DAY + 1000);
    await closeDue(t.database, now);
    const closed = await proposal(id);
    expect(closed).toMatchObject({ status: 'passed', decisions: [{ kind: 'deprecated', name: 'linked_list_allocator' }] });
    const entries = await log(id);
    expect(entries.find((e: { event: { type: string } }) => e.event.type === 'revealed').event.ballots).toHaveLength(4);
    expect(verifyLog(entries)).toMatchObject({ chain: { ok: true }, result: 'matches' });
  });
});

describe('ranked choice', () => {
  it('recommends the Schulze winner among candidates', async () => {
    const id = await propose({ kind: 'recommend', title: 'Best heap for microcontrollers', options: ['heapless', 'embedded-alloc', 'linked_list_allocator'], action: { scope: 'data-structures' }, rules: { method: 'schulze' } });
    const order = { alice: ['embedded-alloc', 'heapless', 'linked_list_allocator'], bob: ['embedded-alloc', 'linked_list_allocator', 'heapless'], carol: ['heapless', 'embedded-alloc', 'linked_list_allocator'], dave: ['linked_list_allocator', 'embedded-alloc', 'heapless'], erin: ['heapless', 'linked_list_allocator', 'embedded-alloc'] };
    for (const [m, ranking] of Object.entries(order)) await expectJson(await vote(m, id, { ranking }), 200);
    const p = await proposal(id);
    expect(p).toMatchObject({ status: 'passed', tally: { winner: 'embedded-alloc', method: 'schulze' }, decisions: [{ kind: 'recommended', name: 'embedded-alloc', scope: 'data-structures' }] });
    rankedProposal = id;
  });
});

describe('consent (FCP)', () => {
  it('starts the final comment period once all but two reviewed, a concern stops it, and it passes ten days after with no concern', async () => {
    const id = await propose({ kind: 'policy', title: 'Adopt the council charter', rules: { method: 'consent', maxDays: 60 } });
    await expectJson(await vote('alice', id, { choice: 'reviewed' }), 200);
    await expectJson(await vote('bob', id, { choice: 'reviewed' }), 200);
    expect((await log(id)).some((e: { event: { type: string } }) => e.event.type === 'fcp-started')).toBe(false);
    await expectJson(await vote('carol', id, { choice: 'dissent' }, 'I would word it differently'), 200);
    let types = (await log(id)).map((e: { event: { type: string } }) => e.event.type);
    expect(types.at(-1)).toBe('fcp-started');
    const { concern } = expectConforms(ConcernRaised, await expectJson(await api('dave', 'POST', `/api/v1/proposals/${id}/concerns`, { text: 'Section 3 is unclear' }), 201));
    expect((await log(id)).at(-1).event.type).toBe('fcp-cancelled');
    // Only the concern's author may resolve it.
    await expectProblem(await api('alice', 'POST', `/api/v1/proposals/${id}/concerns/${concern}/resolve`, {}), 403);
    now = new Date(now.getTime() + DAY);
    expectConforms(GovernanceReceipt, await expectJson(await api('dave', 'POST', `/api/v1/proposals/${id}/concerns/${concern}/resolve`, {}), 200));
    types = (await log(id)).map((e: { event: { type: string } }) => e.event.type);
    expect(types.slice(-2)).toEqual(['concern-resolved', 'fcp-started']);
    now = new Date(now.getTime() + 10 * DAY - 1000);
    expect(await closeDue(t.database, now)).not.toContain(id);
    now = new Date(now.getTime() + 2000);
    expect(await closeDue(t.database, now)).toContain(id);
    expect((await proposal(id)).status).toBe('passed');
    expect(verifyLog(await log(id))).toMatchObject({ result: 'matches' });
  });
});

describe('ownership transfer and tampering', () => {
  it('transfers an abandoned package; ferrite verify detects any change to a stored entry', async () => {
    const web = new WebClient(t.app);
    await web.signUp('old-owner', 'correct horse battery staple');
    await grantOwnership(t.database, 'crates', 'embedded-alloc', 'old-owner');
    const id = await propose({ kind: 'transfer', title: 'Transfer embedded-alloc to erin', action: { package: { name: 'embedded-alloc' }, to: 'erin' }, rules: { method: 'majority' } });
    for (const m of ['alice', 'bob', 'carol']) await expectJson(await vote(m, id, { choice: 'yes' }), 200);
    const owners = await expectJson(await t.app.request('/api/v1/packages/crates/embedded-alloc/owners'), 200);
    expect(owners.items.map((o: { username: string }) => o.username)).toEqual(['erin']);

    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-verify-'));
    const file = path.join(dir, 'log.json');
    const verifyCli = async () => {
      fs.writeFileSync(file, JSON.stringify(await expectJson(await t.app.request(`/api/v1/proposals/${id}/log`), 200)));
      return new Promise<{ code: number | null; out: string }>((resolve) => {
        const child = spawn(process.execPath, ['bin/ferrite.js', 'verify', file]);
        let out = '';
        child.stdout.on('data', (c) => (out += c));
        child.on('close', (code) => resolve({ code, out }));
      });
    };
    const good = await verifyCli();
    expect(good.code).toBe(0);
    expect(good.out).toContain('Hash chain: intact');

    // The log is append-only: the database itself refuses an edit…
    await expect(t.database.rows(sql`update governance_log set event = event where proposal_id = ${id}`)).rejects.toThrow();
    // …so a tamperer goes around the trigger. Flipping a ballot breaks the chain at that entry.
    await t.database.rows(sql`alter table governance_log disable trigger governance_log_append_only`);
    await t.database.rows(sql`update governance_log set event = jsonb_set(event, '{choice,choice}', '"no"') where proposal_id = ${id} and seq = 2`);
    let bad = await verifyCli();
    expect(bad.code).toBe(1);
    expect(bad.out).toMatch(/BROKEN at entry 2/);
    // Rewriting every later hash to match keeps the chain intact, but the recount no longer matches the published result.
    const entries = (await expectJson(await t.app.request(`/api/v1/proposals/${id}/log`), 200)).entries;
    for (const b of ['bob', 'carol']) {
      const e = entries.find((x: { event: { voter?: string } }) => x.event.voter === b);
      e.event.choice.choice = 'no';
    }
    let prev = '0'.repeat(64);
    for (const e of entries) {
      e.prevHash = prev;
      e.hash = entryHash(e);
      prev = e.hash;
      await t.database.rows(sql`update governance_log set event = ${JSON.stringify(e.event)}::jsonb, prev_hash = ${e.prevHash}, hash = ${e.hash} where proposal_id = ${id} and seq = ${e.seq}`);
    }
    await t.database.rows(sql`alter table governance_log enable trigger governance_log_append_only`);
    bad = await verifyCli();
    expect(bad.code).toBe(1);
    expect(bad.out).toContain('Hash chain: intact');
    expect(bad.out).toContain('the recount DIFFERS');
  });
});

describe('pages', () => {
  it('let a member draft, open and vote through forms, with a receipt found in the public log; everything is valid HTML', async () => {
    const alice = webs.alice!;
    await alice.get('/councils/embedded');
    expect(alice.lastHtml).toContain('Draft a proposal');
    const draft = await alice.post('/councils/embedded/proposals', { kind: 'policy', title: 'Publish meeting notes', body: 'Within a week.', method: 'majority', maxDays: '7' });
    expect(draft.status).toBe(303);
    const url = draft.headers.get('location')!;
    // A draft is the council's business until it opens: others get exactly what a missing proposal gets.
    const draftId = url.split('/').pop();
    await expectProblem(await t.app.request(`/api/v1/proposals/${draftId}`), 404, 'notFound');
    await expectProblem(await api('outsider', 'GET', `/api/v1/proposals/${draftId}`), 404, 'notFound');
    await expectJson(await api('bob', 'GET', `/api/v1/proposals/${draftId}`), 200);
    expect((await t.app.request(url, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect(await (await t.app.request('/councils/embedded', { headers: { accept: 'text/html' } })).text()).not.toContain('Publish meeting notes');
    await webs.bob!.get('/councils/embedded');
    expect(webs.bob!.lastHtml).toContain('Publish meeting notes');
    await alice.get(url);
    expect(await alice.post(`${url}/open`, {}).then((r) => r.status)).toBe(303);
    await alice.get(url);
    const cast = await alice.post(`${url}/vote`, { choice: 'yes', reason: 'transparency' });
    expect(cast.status).toBe(303);
    const receipt = new URL(cast.headers.get('location')!, 'http://x').searchParams.get('receipt')!;
    await alice.get(`${url}/log`);
    expect(alice.lastHtml).toContain(`id="${receipt}"`);
    await alice.get('/account/votes');
    expect(alice.lastHtml).toContain(receipt.slice(0, 16));
    // A non-member sees no vote form, and a forged vote is refused.
    const outsider = webs.outsider!;
    await outsider.get(url);
    expect(outsider.lastHtml).not.toContain('Your vote');
    await outsider.get('/account');
    expect((await outsider.post(`${url}/vote`, { choice: 'no' })).status).toBe(403);
    // Bad ballots come back on the page.
    await webs.bob!.get(url);
    expect((await webs.bob!.post(`${url}/vote`, {})).status).toBe(400);

    for (const page of ['/councils', '/councils/embedded', url, `${url}/log`, '/proposals/1', '/crates/heapless']) {
      const html = await (await t.app.request(page, { headers: { accept: 'text/html' } })).text();
      expect(await htmlProblems(html), page).toEqual([]);
    }
    const heapless = await (await t.app.request('/crates/heapless', { headers: { accept: 'text/html' } })).text();
    expect(heapless).toContain('Recommended by the Embedded council for no-std');
    // The recommendation reached search through the outbox: a facet, a filter, a field on each hit.
    await drainSearch(t.database, new PostgresSearchEngine(t.database));
    const found = await expectJson(await t.app.request('/api/v1/search?q=council:embedded'), 200);
    expect(found.items.map((i: { name: string }) => i.name).sort()).toEqual(['embedded-alloc', 'heapless']);
    expect(found.items[0].councils).toEqual(['embedded']);
    expect((await expectJson(await t.app.request('/api/v1/search'), 200)).facets.council).toEqual({ embedded: 2 });
  });
});

const proposals = { draft: 0, open: 0, closed: 0 };
/** A page as a signed-in account sees it (signed-in views skip the public page cache, so each read is fresh). */
const html = async (who: string, path: string) => (await webs[who]!.get(path), webs[who]!.lastHtml);
const barLabels = (page: string) => [...page.matchAll(/<span class="bar-label">([^<]+)<\/span>/g)].map((m) => m[1]);

describe('pages a council member trusts', () => {
  it('say what a proposal does in words from the draft on, with its rules (early decision chosen by the author) consistent in every state', async () => {
    const alice = webs.alice!;
    await alice.get('/councils/embedded');
    expect(alice.lastHtml).toContain('Keep it open for the whole period');
    const draft = await alice.post('/councils/embedded/proposals', { kind: 'recommend', title: 'Recommend linked_list_allocator for no_std heaps', package: 'linked_list_allocator', scope: 'no-std', method: 'majority', maxDays: '7', earlyClose: 'false' });
    expect(draft.status, alice.lastHtml.slice(0, 500)).toBe(303);
    const url = draft.headers.get('location')!;
    const id = Number(url.split('/').pop());
    const action = 'Recommends the crate <a href="/crates/linked_list_allocator">linked_list_allocator</a> for the category no-std.';
    let page = await html('alice', url);
    expect(page).toContain(action);
    expect(page).toContain('These rules are frozen when it opens');
    expect(page).toContain('No early decision: the vote stays open for its whole period');
    expect(page).toContain('Voting has not started');
    for (const wrong of ['Frozen when the proposal opened', 'quorum not met', 'closes by', '&lt;this hub&gt;']) expect(page).not.toContain(wrong);
    // The author's choice is stored with the proposal and frozen with its rules.
    expect((await expectJson(await api('bob', 'GET', `/api/v1/proposals/${id}`), 200)).rules).toMatchObject({ earlyClose: false, maxDays: 7, quorum: 0 });
    expect(await html('bob', '/councils/embedded')).toContain(action);

    expect((await alice.post(`${url}/open`, {})).status).toBe(303);
    page = await html('outsider', url);
    expect(page).toContain('No ballots yet');
    expect(page).toContain('No quorum: any number of ballots decides.');
    expect(page).toMatch(/closes by \d{4}-\d\d-\d\d/);
    expect(page).not.toContain('quorum not met');
    expect(page).toContain(`ferrite verify http://ferrite.test/api/v1/proposals/${id}/log`);

    // Three of five say yes: decided, but the author chose to keep it open to the end.
    for (const m of ['alice', 'bob', 'carol']) await expectJson(await vote(m, id, { choice: m === 'carol' ? 'no' : 'yes' }), 200);
    await expectJson(await vote('dave', id, { choice: 'yes' }), 200);
    expect((await proposal(id)).status).toBe('open');
    page = await html('outsider', url);
    expect(page).toContain('So far: <strong>passes</strong>');
    expect(barLabels(page)).toEqual(['yes', 'no', 'abstain']);
    proposals.open = id;

    now = new Date(now.getTime() + 8 * DAY);
    expect(await closeDue(t.database, now)).toContain(id);
    page = await html('outsider', url);
    expect(page).toContain('Result: <strong>passes</strong>');
    expect(page).toMatch(/Closed \d{4}-\d\d-\d\d \(opened \d{4}-\d\d-\d\d\)/);
    expect(page).not.toContain('closes by');
    // Counts keep the options' order whatever the numbers (yes 3, no 1, abstain 0).
    expect(barLabels(page)).toEqual(['yes', 'no', 'abstain']);
    expect(await html('outsider', '/councils/embedded')).toMatch(new RegExp(`href="/proposals/${id}">[^<]+</a> <span class="badge s-yes">passed</span>[\\s\\S]{0,400}Closed \\d{4}`));
    proposals.closed = id;
    proposals.open = (await expectJson(await api('alice', 'POST', '/api/v1/councils/embedded/proposals', { kind: 'deprecate', title: 'Deprecate embedded-alloc', action: { package: { name: 'embedded-alloc' }, replacement: { name: 'heapless' } }, rules: { method: 'supermajority' } }), 201)).id;
    await expectJson(await api('alice', 'POST', `/api/v1/proposals/${proposals.open}/open`, {}), 200);
    await expectJson(await vote('erin', proposals.open, { choice: 'no' }), 200);
    proposals.draft = (await expectJson(await api('alice', 'POST', '/api/v1/councils/embedded/proposals', { kind: 'transfer', title: 'Transfer heapless to bob', action: { package: { name: 'heapless' }, to: 'bob' }, rules: { method: 'majority', quorum: 0.6 } }), 201)).id;
    page = await html('alice', `/proposals/${proposals.draft}`);
    expect(page).toContain('Transfers ownership of the crate <a href="/crates/heapless">heapless</a> to the account <strong>bob</strong>.');
    expect(page).toContain('Quorum: 60% of the electorate');
    expect(page).toContain('Decided early: the vote closes as soon as the remaining ballots can no longer change the outcome.');
    expect(await html('outsider', `/proposals/${proposals.open}`)).toContain('Deprecates the crate <a href="/crates/embedded-alloc">embedded-alloc</a> in favour of <a href="/crates/heapless">heapless</a>.');
  });

  it('lead the category page with the packages a council recommended there, naming the council and the proposal', async () => {
    await indexCategories(t.database, CATEGORIES_TOML);
    const page = await html('outsider', '/categories/no-std');
    const lead = page.slice(page.indexOf('id="recommended"'), page.indexOf('id="packages"'));
    expect(lead).toContain('<a href="/crates/linked_list_allocator">linked_list_allocator</a>');
    expect(lead).toContain(`<a href="/proposals/${proposals.closed}">proposal #${proposals.closed}</a>`);
    expect(lead).toContain('<a href="/councils/embedded">Embedded council</a>');
    expect(await htmlProblems(page)).toEqual([]);
  });

  it('show the public log and my votes as sentences, the JSON one click away, the receipt highlighted and the real address to verify', async () => {
    const id = proposals.closed;
    const entries = await log(id);
    const receipt = entries.find((e: { event: { type: string; voter?: string } }) => e.event.type === 'ballot' && e.event.voter === 'bob').hash as string;
    const page = await html('outsider', `/proposals/${id}/log?receipt=${receipt}`);
    expect(page).toContain(`<li id="${receipt}" class="receipt" aria-current="true">`);
    expect(page).toContain('bob voted yes');
    expect(page).toContain('applied to the registry: linked_list_allocator recommended for no-std');
    expect(page).toContain('<summary class="small">Entry as hashed (JSON)</summary>');
    expect(page).toContain('ferrite verify --checkpoint checkpoint.txt');
    expect(page).toContain('http://ferrite.test</code>');
    expect(page).not.toContain('<th scope="col">Hash</th>');
    expect(await htmlProblems(page)).toEqual([]);
    const votes = await html('bob', '/account/votes');
    expect(votes).toContain('you voted yes');
    expect(votes).not.toContain('{&quot;choice');
  });
});

describe.skipIf(!hasChromium && !process.env.CI)('governance pages in a real browser (chromium)', () => {
  const b = useBrowser(t);

  it('have no serious or critical accessibility violations, in light and dark, and fit a phone', async () => {
    const pages: [string, string][] = [
      ['councils', '/councils'],
      ['council', '/councils/embedded'],
      ['proposal-ranked', `/proposals/${rankedProposal}`],
      ['proposal-log', `/proposals/${rankedProposal}/log`],
      ['proposal-draft', `/proposals/${proposals.draft}`],
      ['proposal-open', `/proposals/${proposals.open}`],
      ['proposal-closed', `/proposals/${proposals.closed}`],
      ['proposal-closed-log', `/proposals/${proposals.closed}/log`],
      ['category-recommended', '/categories/no-std'],
    ];
    // Drafts are visible to council members only: the browser signs in as alice for them.
    const cookies = [...webs.alice!.cookies].map(([name, value]) => ({ name, value }));
    expect(await pageFindings(b.browser, b.server.url, pages, { cookies })).toEqual({});
  }, 180_000);
});

describe('drafts', () => {
  it('answer a non-member’s writes as a proposal that does not exist (404), as reads do', async () => {
    const { id } = await expectJson(await api('alice', 'POST', '/api/v1/councils/embedded/proposals', { kind: 'policy', title: 'A quiet draft', rules: { method: 'majority' } }), 201);
    await expectProblem(await t.app.request(`/api/v1/proposals/${id}`), 404);
    await expectProblem(await vote('outsider', id, { choice: 'yes' }), 404);
    await expectProblem(await api('outsider', 'POST', `/api/v1/proposals/${id}/open`, {}), 404);
    await expectProblem(await api('outsider', 'POST', `/api/v1/proposals/${id}/withdraw`, {}), 404);
    await expectProblem(await api('outsider', 'POST', `/api/v1/proposals/${id}/recuse`, { reason: 'x' }), 404);
    // A member still learns why they cannot vote yet.
    await expectProblem(await vote('bob', id, { choice: 'yes' }), 409);
  });
});

describe('the OpenAPI document', () => {
  it('types every governance answer and body with named schemas, and the councils\' answers match theirs field for field', async () => {
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    expect(expectTypedOperations(doc, 'Governance')).toHaveLength(11);
    const ballot = doc.components.schemas.BallotInput.properties.choice;
    expect(ballot.$ref).toBe('#/components/schemas/BallotChoice');
    expect(doc.components.schemas.BallotChoice.anyOf.map((o: { required: string[] }) => o.required)).toEqual([['choice'], ['approve'], ['ranking']]);
    const councils = expectConforms(CouncilList, await expectJson(await t.app.request('/api/v1/councils'), 200));
    expect(councils.items.map((c) => c.slug)).toContain('embedded');
    // A member sees drafts too, with the method their rules name.
    const { id } = expectConforms(ProposalCreated, await expectJson(await api('bob', 'POST', '/api/v1/councils/embedded/proposals', { kind: 'policy', title: 'A draft to list', rules: { method: 'irv' }, options: ['a', 'b'] }), 201));
    const council = expectConforms(CouncilView, await expectJson(await api('alice', 'GET', '/api/v1/councils/embedded'), 200));
    expect(council.proposals.find((p) => p.id === id)).toMatchObject({ status: 'draft', method: 'irv', options: ['a', 'b'], action: {} });
    expect(council.members.map((m) => m.username)).toEqual(expect.arrayContaining(MEMBERS));
  });
});
