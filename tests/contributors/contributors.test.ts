import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { linkVerifiedGithub } from '../../api/accounts/service.js';
import { importContributions } from '../../api/contributors/import.js';
import { addMember, createCouncil, setEligibility } from '../../api/governance/service.js';
import { indexDump } from '../../indexer/commands/index-dump.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { hasChromium, pageFindings, useBrowser } from '../setup/browser.js';
import { writeDbDump } from '../setup/db-dump-fixture.js';
import { htmlProblems } from '../setup/html.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { WebClient } from '../setup/web-client.js';
import { expectConforms, expectTypedOperations } from '../setup/openapi-answers.js';
import { Affiliation, Leaderboard, MergeDecision, PackageContributors, PersonView, ReleaseThanks, Unmerged, Visibility } from '../../api/contributors/contracts.js';

const now = new Date('2026-11-25T12:00:00Z');
const t = useTestApp({ clock: () => now });
const silent = { start() {}, update() {}, stop() {} };
const quiet = () => new Writable({ write: (_c, _e, d) => d() });
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const personOf = async (kind: string, value: string) =>
  Number((await t.database.rows<{ id: number }>(sql`select person_id::int as id from person_identities where kind = ${kind} and value = ${value}`))[0]?.id);

let maintainer: WebClient;
let maintainerToken: string;

beforeAll(async () => {
  await runIndexCrates(t.database, [realIndexFile('candle-core'), realIndexFile('embedded-hal')]);
  // A dump in crates.io's format: owners and the users who published each version.
  const dump = await writeDbDump({
    crates: [
      { id: 1, name: 'candle-core', description: 'Minimalist ML framework.', created_at: '2023-08-01 10:00:00', updated_at: '2026-10-01 10:00:00', trustpub_only: 'f' },
      { id: 2, name: 'embedded-hal', description: 'A Hardware Abstraction Layer (HAL) for embedded systems', created_at: '2016-01-01 00:00:00', updated_at: '2024-01-09 00:00:00', trustpub_only: 'f' },
    ],
    versions: [
      { id: 10, crate_id: 1, num: '0.9.1', license: 'MIT OR Apache-2.0', published_by: 100, created_at: '2026-09-01 00:00:00', yanked: 'f', features: '{}', num_no_build: '0.9.1' },
      { id: 20, crate_id: 2, num: '1.0.0', license: 'MIT OR Apache-2.0', published_by: 101, created_at: '2024-01-09 00:00:00', yanked: 'f', features: '{}', num_no_build: '1.0.0' },
    ],
    crate_owners: [
      { crate_id: 1, owner_id: 100, owner_kind: 0, created_at: '2023-08-01 10:00:00' },
      { crate_id: 1, owner_id: 102, owner_kind: 0, created_at: '2023-08-01 10:00:00' },
      { crate_id: 2, owner_id: 101, owner_kind: 0, created_at: '2016-01-01 00:00:00' },
    ],
    users: [
      { id: 100, gh_login: 'candle-maintainer', name: 'Candle Maintainer', gh_id: 1 },
      { id: 101, gh_login: 'hal-publisher', name: '', gh_id: 2 },
      { id: 102, gh_login: 'second-owner', name: '', gh_id: 3 },
    ],
  });
  await indexDump(t.database, dump, { progress: silent, out: quiet() });
  await indexNpm(t.database, ['@huggingface__tokenizers.json', '@biomejs__biome.json'].map((f) => path.join(SHARED_DATA, 'npm-packuments', 'packuments', f)), { progress: silent, out: quiet() });
  maintainer = new WebClient(t.app);
  await maintainer.signUp('ferris', 'correct horse battery staple');
  const [u] = await t.database.rows<{ id: number }>(sql`select id::int from users where username = 'ferris'`);
  await t.database.db.transaction((tx) => linkVerifiedGithub(tx, u!.id, 'candle-maintainer'));
  maintainerToken = await maintainer.createToken({ name: 'people', scopes: ['profile:write'] });
}, 120_000);

describe('imports', () => {
  it('credit crates.io owners and publishers, npm authors and Ferrite accounts, and change nothing when re-run', async () => {
    const first = await importContributions(t.database);
    expect(first.contributions).toBeGreaterThanOrEqual(5);
    const rows = await t.database.rows<{ kind: string; value: string; type: string; source: string }>(sql`
      select i.kind, i.value, c.type, c.source from contributions c join person_identities i on i.id = c.identity_id order by 1, 2, 3`);
    expect(rows).toEqual(expect.arrayContaining([
      { kind: 'github', value: 'candle-maintainer', type: 'maintenance', source: 'crates.io owners' },
      { kind: 'github', value: 'candle-maintainer', type: 'publishing', source: 'crates.io published_by' },
      { kind: 'github', value: 'hal-publisher', type: 'publishing', source: 'crates.io published_by' },
      { kind: 'name', value: 'hugging face', type: 'code', source: 'npm author' },
    ]));
    // Nobody's e-mail address is stored anywhere.
    expect(JSON.stringify(await t.database.rows(sql`select * from person_identities`))).not.toMatch(/@[a-z0-9-]+\.[a-z]/i);
    expect(await importContributions(t.database)).toEqual({ identities: 0, people: 0, contributions: 0, suggestions: 0 });
  });
});

describe('people', () => {
  it('merge on a suggestion a person involved accepts, unmerge exactly, and log both', async () => {
    const ferris = await personOf('ferrite', 'ferris');
    const github = await personOf('github', 'candle-maintainer');
    expect(ferris).not.toBe(github);
    const [s] = await t.database.rows<{ id: number; reason: string }>(sql`select id::int, reason from merge_suggestions where status = 'pending' and ${ferris} in (person_a, person_b) and ${github} in (person_a, person_b)`);
    expect(s!.reason).toMatch(/verified GitHub login/);
    const stranger = new WebClient(t.app);
    await stranger.signUp('stranger', 'correct horse battery staple');
    const strangerToken = await stranger.createToken({ name: 'x', scopes: ['profile:write'] });
    await expectProblem(await t.app.request(`/api/v1/people/merge-suggestions/${s!.id}/accept`, { method: 'POST', headers: bearer(strangerToken) }), 403);
    const merged = expectConforms(MergeDecision, await expectJson(await t.app.request(`/api/v1/people/merge-suggestions/${s!.id}/accept`, { method: 'POST', headers: bearer(maintainerToken) }), 200));
    const survivor = Math.min(ferris, github);
    const absorbed = Math.max(ferris, github);
    const page = expectConforms(PersonView, await expectJson(await t.app.request(`/api/v1/people/${survivor}`), 200));
    expect(page.identities.map((i: { kind: string }) => i.kind).sort()).toEqual(['ferrite', 'github']);
    // The public shape only: no hidden flag, no internal actor ids; the merge is listed for undoing.
    expect(page.person).toEqual({ id: survivor, name: expect.any(String) });
    expect(page.merges).toEqual([{ id: merged.edit, absorbed, at: expect.any(String) }]);
    await expectProblem(await t.app.request(`/api/v1/people/${absorbed}`), 404);
    expectConforms(Unmerged, await expectJson(await t.app.request(`/api/v1/people/merges/${merged.edit}/undo`, { method: 'POST', headers: bearer(maintainerToken) }), 200));
    expect((await expectJson(await t.app.request(`/api/v1/people/${absorbed}`), 200)).identities).toHaveLength(1);
    expect((await expectJson(await t.app.request(`/api/v1/people/${survivor}`), 200)).identities).toHaveLength(1);
    const edits = await t.database.rows<{ action: string }>(sql`select action from person_edits order by id`);
    expect(edits.map((e) => e.action)).toEqual(['merge', 'unmerge']);
    // Merge again for the rest of the file.
    await t.database.rows(sql`update merge_suggestions set status = 'pending' where id = ${s!.id}`);
    await expectJson(await t.app.request(`/api/v1/people/merge-suggestions/${s!.id}/accept`, { method: 'POST', headers: bearer(maintainerToken) }), 200);
  });

  it('disappear from public pages and the API when hidden', async () => {
    const id = await personOf('github', 'candle-maintainer');
    const board = async () => expectConforms(Leaderboard, await expectJson(await t.app.request('/api/v1/contributors?days=3650'), 200)).items.map((p) => p.id);
    expect(await board()).toContain(id);
    expect(expectConforms(Visibility, await expectJson(await t.app.request(`/api/v1/people/${id}/hide`, { method: 'POST', headers: bearer(maintainerToken) }), 200))).toEqual({ hidden: true });
    await expectProblem(await t.app.request(`/api/v1/people/${id}`), 404);
    expect(await board()).not.toContain(id);
    const tab = expectConforms(PackageContributors, await expectJson(await t.app.request('/api/v1/packages/crates/candle-core/contributors'), 200));
    expect(tab.people.map((p) => p.id)).not.toContain(id);
    expect((await t.app.request(`/people/${id}`, { headers: { accept: 'text/html' } })).status).toBe(404);
    expect(expectConforms(Visibility, await expectJson(await t.app.request(`/api/v1/people/${id}/show`, { method: 'POST', headers: bearer(maintainerToken) }), 200))).toEqual({ hidden: false });
    expect(await board()).toContain(id);
  });
});

describe('affiliations', () => {
  it('are declared by the person, refused from anyone else or with bad dates, logged, and feed the elephant factor', async () => {
    const id = await personOf('github', 'candle-maintainer');
    const url = `/api/v1/people/${id}/affiliations`;
    const post = (token: string, body: unknown) => t.app.request(url, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const before = (await expectJson(await t.app.request('/api/v1/packages/crates/candle-core/contributors'), 200)).health.elephantFactor;
    expect(before).toBeNull();

    const stranger = new WebClient(t.app);
    await stranger.signUp('not-candle', 'correct horse battery staple');
    await expectProblem(await post(await stranger.createToken({ name: 'x', scopes: ['metadata:write'] }), { org: 'Evil Corp' }), 403);
    expect((await expectProblem(await post(maintainerToken, { org: 'Hugging Face', since: '2025-01-01', until: '2024-01-01' }), 400)).errors![0]!.path).toBe('until');
    expect((await expectProblem(await post(maintainerToken, { org: '' }), 400)).errors![0]!.path).toBe('org');
    await expectProblem(await t.app.request(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"org":"x"}' }), 401);
    expect((await t.database.rows(sql`select 1 from affiliations`)).length).toBe(0);

    const added = expectConforms(Affiliation, await expectJson(await post(maintainerToken, { org: 'Hugging Face', since: '2023-01-01' }), 201));
    expect(added).toMatchObject({ org: 'Hugging Face', since: '2023-01-01', until: null });
    expect(expectConforms(PersonView, await expectJson(await t.app.request(`/api/v1/people/${id}`), 200)).affiliations).toEqual([added]);
    // candle-core's last year: this person maintains and published 0.9.1 (weight 2), second-owner maintains (1).
    // Affiliations now cover 2 of 3, over half, so the elephant factor is known: one organisation holds half.
    const health = (await expectJson(await t.app.request('/api/v1/packages/crates/candle-core/contributors'), 200)).health;
    expect(health.elephantFactor).toBe(1);
    const page = await (await t.app.request(`/people/${id}`, { headers: { accept: 'text/html' } })).text();
    expect(page).toContain('Hugging Face');

    await expectProblem(await t.app.request(`${url}/${added.id}`, { method: 'DELETE', headers: bearer(await stranger.createToken({ name: 'y', scopes: ['metadata:write'] })) }), 403);
    expect((await t.app.request(`${url}/${added.id}`, { method: 'DELETE', headers: bearer(maintainerToken) })).status).toBe(204);
    await expectProblem(await t.app.request(`${url}/${added.id}`, { method: 'DELETE', headers: bearer(maintainerToken) }), 404);
    const edits = await t.database.rows<{ action: string; detail: { org: string } }>(sql`select action, detail from person_edits where action like '%affiliate' order by id`);
    expect(edits).toEqual([{ action: 'affiliate', detail: added }, { action: 'unaffiliate', detail: added }]);
  });
});

describe('the contributor profile on the account page', () => {
  it('hides and shows it, and adds and removes affiliations through forms, with errors in place and nothing done for anyone else', async () => {
    const id = await personOf('ferrite', 'ferris');
    await maintainer.get('/account');
    expect(maintainer.lastHtml).toContain(`href="/people/${id}"`);
    expect((await maintainer.post('/account/profile/hide', {})).status).toBe(303);
    await expectProblem(await t.app.request(`/api/v1/people/${id}`), 404);
    await maintainer.get('/account');
    expect(maintainer.lastHtml).toContain('Your profile is hidden');
    expect((await maintainer.post('/account/profile/show', {})).status).toBe(303);
    await expectJson(await t.app.request(`/api/v1/people/${id}`), 200);

    await maintainer.get('/account');
    const bad = await maintainer.post('/account/affiliations', { org: 'Hugging Face', since: '2025-01-01', until: '2024-01-01' });
    expect(bad.status).toBe(400);
    expect(maintainer.lastHtml).toContain('must be after since');
    expect(maintainer.lastHtml).toContain('value="Hugging Face"');
    expect((await maintainer.post('/account/affiliations', { org: 'Hugging Face', since: '2023-01-01', until: '' })).status).toBe(303);
    const [aff] = (await expectJson(await t.app.request(`/api/v1/people/${id}`), 200)).affiliations;
    expect(aff).toMatchObject({ org: 'Hugging Face', since: '2023-01-01', until: null });

    // Someone else's form can neither remove it nor hide the profile: theirs has no such affiliation, and no profile yet.
    const other = new WebClient(t.app);
    await other.signUp('no-profile', 'correct horse battery staple');
    await other.get('/account');
    expect(other.lastHtml).toContain('your contributor profile appears then');
    expect((await other.post(`/account/affiliations/${aff.id}/remove`, {})).status).toBe(404);
    await other.get('/account');
    expect((await other.post('/account/profile/hide', {})).status).toBe(404);
    expect((await expectJson(await t.app.request(`/api/v1/people/${id}`), 200)).affiliations).toHaveLength(1);

    // A merge suggestion waits on the account page; "Not me" keeps the people apart. A shared name proves
    // nothing: the account may not accept it (it holds no verified login of that person); an admin may.
    const stranger = await personOf('github', 'second-owner');
    const [sug] = await t.database.rows<{ id: number }>(sql`
      insert into merge_suggestions (person_a, person_b, reason) values (${Math.min(id, stranger)}, ${Math.max(id, stranger)}, 'same name (test)') returning id::int`);
    await maintainer.get('/account');
    expect(maintainer.lastHtml).toContain(`/account/merge-suggestions/${sug!.id}/accept`);
    expect((await maintainer.post(`/account/merge-suggestions/${sug!.id}/reject`, {})).status).toBe(303);
    await expectJson(await t.app.request(`/api/v1/people/${stranger}`), 200);
    await t.database.rows(sql`update merge_suggestions set status = 'pending' where id = ${sug!.id}`);
    await maintainer.get('/account');
    expect((await maintainer.post(`/account/merge-suggestions/${sug!.id}/accept`, {})).status).toBe(403);
    expect(maintainer.lastHtml).toContain('sign in with GitHub');
    const admin = new WebClient(t.app);
    await admin.signUp('people-admin', 'correct horse battery staple');
    await t.database.rows(sql`update users set is_admin = true where username = 'people-admin'`);
    await admin.get('/account');
    expect((await admin.post(`/account/merge-suggestions/${sug!.id}/accept`, {})).status).toBe(303);
    const merged = await expectJson(await t.app.request(`/api/v1/people/${Math.min(id, stranger)}`), 200);
    expect(merged.identities.map((i: { display: string }) => i.display)).toContain('second-owner');
    const merge = merged.merges.find((m: { absorbed: number }) => m.absorbed === Math.max(id, stranger));
    await expectJson(await t.app.request(`/api/v1/people/merges/${merge.id}/undo`, { method: 'POST', headers: bearer(maintainerToken) }), 200);
    await expectJson(await t.app.request(`/api/v1/people/${stranger}`), 200);

    await maintainer.get('/account');
    expect((await maintainer.post(`/account/affiliations/${aff.id}/remove`, {})).status).toBe(303);
    expect((await expectJson(await t.app.request(`/api/v1/people/${id}`), 200)).affiliations).toEqual([]);
    await maintainer.get('/account');
    expect(await htmlProblems(maintainer.lastHtml)).toEqual([]);
  });
});

describe('package health, thanks and pages', () => {
  it('computes health with formulas, credits a release, and renders valid pages', async () => {
    const tab = expectConforms(PackageContributors, await expectJson(await t.app.request('/api/v1/packages/crates/candle-core/contributors'), 200));
    expect(tab.people.map((p) => p.name)).toEqual(expect.arrayContaining(['second-owner']));
    expect(tab.health).toMatchObject({ absenceFactor: expect.any(Number), formulas: { absenceFactor: expect.stringContaining('half') } });
    // Release dates come from the dump (the index files carry none), never from when Ferrite stored a version:
    // 0.9.1 was published 2026-09-01, 85 days before the clock; one dated release gives no cadence.
    expect(tab.health).toMatchObject({ lastReleaseDays: 85, releaseCadenceDays: null });
    const [published] = await t.database.rows<{ at: string }>(sql`select at::text from contributions where source_key like 'publish:%' and package_id = (select id from packages where name = 'candle-core')`);
    expect(new Date(published!.at).toISOString()).toBe('2026-09-01T00:00:00.000Z');
    const thanks = expectConforms(ReleaseThanks, await expectJson(await t.app.request('/api/v1/crates/embedded-hal/1.0.0/thanks'), 200));
    expect(thanks.people.map((p) => p.name)).toContain('hal-publisher');
    const id = await personOf('github', 'candle-maintainer');
    for (const page of [`/people/${id}`, '/crates/candle-core/contributors', '/npm/@huggingface/tokenizers/contributors', '/contributors', '/contributors?type=publishing&days=3650', '/crates/embedded-hal/1.0.0/thanks']) {
      const res = await t.app.request(page, { headers: { accept: 'text/html' } });
      const html = await res.text();
      expect(res.status, page).toBe(200);
      expect(await htmlProblems(html), page).toEqual([]);
    }
    const person = await (await t.app.request(`/people/${id}`, { headers: { accept: 'text/html' } })).text();
    expect(person).toContain('<svg');
    expect(person).toContain('<a href="/crates/candle-core">candle-core</a>');
  });
});

describe('council eligibility from contributions', () => {
  it('puts people with enough weighted contributions into a proposal\'s electorate snapshot', async () => {
    await createCouncil(t.database, { slug: 'ml', name: 'AI/ML council' });
    const chair = new WebClient(t.app);
    await chair.signUp('ml-chair', 'correct horse battery staple');
    const token = await chair.createToken({ name: 'v', scopes: ['governance:vote'] });
    await addMember(t.database, 'ml', 'ml-chair', { role: 'chair', from: new Date('2026-01-01') });
    await setEligibility(t.database, 'ml', { minWeight: 2, days: 365 });
    const post = (url: string, body: unknown) => t.app.request(url, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { id } = await expectJson(await post('/api/v1/councils/ml/proposals', { kind: 'policy', title: 'Eligibility check', rules: { method: 'majority' } }), 201);
    await expectJson(await post(`/api/v1/proposals/${id}/open`, {}), 200);
    const opened = (await expectJson(await t.app.request(`/api/v1/proposals/${id}/log`), 200)).entries[0].event;
    // ferris is merged with candle-maintainer: owner (1) + publisher of 0.9.1 in September (1) = 2 this year.
    expect(opened.electorate).toEqual(['ferris', 'ml-chair']);
  });
});

describe.skipIf(!hasChromium && !process.env.CI)('in a real browser (chromium)', () => {
  const b = useBrowser(t);

  it('opens a package’s Contributors tab and a person page from it', async () => {
    const page = await b.browser.newPage();
    await page.goto(`${b.server.url}/crates/candle-core`);
    await page.click('nav[aria-label="Package sections"] a:text("Contributors")');
    await page.waitForURL(/\/crates\/candle-core\/contributors$/);
    expect(await page.textContent('h1')).toBe('Contributors to candle-core');
    expect(await page.textContent('dl.health')).toContain('Contributor absence factor');
    await page.click('main ul a[href^="/people/"] >> nth=0');
    await page.waitForURL(/\/people\/\d+$/);
    expect(await page.isVisible('figure svg[role="img"]')).toBe(true);
    await page.close();
  });

  it('shows contributor pages without serious or critical accessibility violations, in light and dark, within a phone', async () => {
    const person = await personOf('github', 'candle-maintainer');
    const pages: [string, string][] = [
      ['person', `/people/${person}`],
      ['crate-contributors', '/crates/candle-core/contributors'],
      ['contributors', '/contributors?days=3650'],
      ['thanks', '/crates/embedded-hal/1.0.0/thanks'],
    ];
    expect(await pageFindings(b.browser, b.server.url, pages)).toEqual({});
  }, 120_000);
});

describe('the OpenAPI document', () => {
  it('types every contributors answer and body with named schemas; a person\'s public vote is a typed ballot', async () => {
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    expect(expectTypedOperations(doc, 'Contributors')).toHaveLength(11);
    expect(doc.paths['/api/v1/people/{id}'].get.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/Person');

    await importContributions(t.database);
    await createCouncil(t.database, { slug: 'docs', name: 'Docs council' });
    await addMember(t.database, 'docs', 'ferris', { from: new Date('2026-01-01') });
    const token = await maintainer.createToken({ name: 'vote', scopes: ['governance:vote'] });
    const post = (url: string, body: unknown) => t.app.request(url, { method: 'POST', headers: { ...bearer(token), 'content-type': 'application/json' }, body: JSON.stringify(body) });
    const { id: proposal } = await expectJson(await post('/api/v1/councils/docs/proposals', { kind: 'policy', title: 'Write a style guide', rules: { method: 'majority', earlyClose: false } }), 201);
    await expectJson(await post(`/api/v1/proposals/${proposal}/open`, {}), 200);
    await expectJson(await post(`/api/v1/proposals/${proposal}/ballots`, { choice: { choice: 'yes' } }), 200);
    const person = expectConforms(PersonView, await expectJson(await t.app.request(`/api/v1/people/${await personOf('ferrite', 'ferris')}`), 200));
    expect(person.votes).toContainEqual({ proposal, title: 'Write a style guide', choice: { choice: 'yes', weight: 1 } });
    expect(person.councils).toContainEqual({ slug: 'docs', name: 'Docs council', role: 'member' });
  });
});
