import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { expectJson, expectProblem } from '../setup/app.js';
import { htmlProblems } from '../setup/html.js';
import { realLines } from '../setup/index-fixtures.js';
import { useWebCatalog } from '../setup/web-catalog.js';

const t = useWebCatalog();


async function page(path: string, status = 200) {
  const res = await t.app.request(path, { headers: { accept: 'text/html' } });
  const html = await res.text();
  if (res.status !== status) throw new Error(`${path}: expected ${status}, got ${res.status}\n${html.slice(0, 500)}`);
  expect(res.headers.get('content-type')).toMatch(/^text\/html/);
  return { res, html };
}

async function expectValidPage(path: string, status = 200) {
  const { res, html } = await page(path, status);
  expect(html.startsWith('<!DOCTYPE html>') || html.startsWith('<!doctype html>')).toBe(true);
  expect(html).toMatch(/<title>[^<]+<\/title>/);
  expect(html).toMatch(/<meta name="description" content="[^"]+"/);
  expect(res.headers.get('content-security-policy')).toContain("script-src 'self'");
  expect(await htmlProblems(html), path).toEqual([]);
  return html;
}

const MAIN_PAGES = [
  '/',
  '/search',
  '/search?q=hal+profile%3Aembedded&nostd=true',
  '/search?q=zzzzqqqq',
  '/crates/tokio',
  '/crates/candle-core',
  '/crates/cortex-m-rt',
  '/npm/%40lancedb/lancedb',
  '/npm/tokenizers',
  '/targets',
  '/targets/thumbv7em-none-eabihf',
  '/categories',
  '/categories/embedded',
  '/compare',
  '/compare?crates=tokio,heapless,embassy-executor',
];

describe('pages', () => {
  it.each(MAIN_PAGES)('%s is valid HTML with a title and a description', async (path) => {
    await expectValidPage(path);
  });

  it('error pages are HTML in the same layout, from the same catalogue as the API', async () => {
    const html = await expectValidPage('/crates/no-such-crate-here', 404);
    expect(html).toContain('No such package');
    expect(html).toContain('No crate named &#39;no-such-crate-here&#39; is indexed.');
    expect(html).toMatch(/Request id <code>[0-9a-f-]{36}<\/code>/);
    expect(await expectValidPage('/no/such/page', 404)).toContain('No such resource');
    expect(await expectValidPage('/targets/not-a-target', 404)).toContain('No such target');
    const bad = await expectValidPage('/search?page=0', 400);
    expect(bad).toContain('<strong>page</strong>');
    expect(await expectValidPage('/compare?crates=a,b,c,d,e', 400)).toContain('compare at most four packages');
    expect(await expectValidPage('/sign-in/github', 501)).toContain('not configured');
    // A visitor turned away for not being signed in gets the way in, and back to the page asked for.
    const manage = await expectValidPage('/manage/crates/tokio', 401);
    expect(manage).toContain('<a class="button" href="/sign-in?next=%2Fmanage%2Fcrates%2Ftokio">Sign in</a>');
    // The API keeps answering problem+json for the same kind of miss.
    await expectProblem(await t.app.request('/api/v1/crates/no-such-crate-here', { headers: { accept: 'text/html' } }), 404, 'packageNotFound');
  });
});

describe('page cache', () => {
  it('serves a public page again from the cache with fresh per-request headers, and revalidates by ETag', async () => {
    const headers = { accept: 'text/html', 'accept-encoding': 'gzip' };
    const a = await t.app.request('/targets/thumbv6m-none-eabi', { headers });
    const b = await t.app.request('/targets/thumbv6m-none-eabi', { headers });
    expect(b.status).toBe(200);
    expect(b.headers.get('content-encoding')).toBe('gzip');
    expect(Buffer.from(await b.arrayBuffer())).toEqual(Buffer.from(await a.arrayBuffer()));
    expect(b.headers.get('x-request-id')).not.toBe(a.headers.get('x-request-id'));
    expect(b.headers.get('content-security-policy')).toContain("default-src 'self'");
    const etag = b.headers.get('etag')!;
    expect((await t.app.request('/targets/thumbv6m-none-eabi', { headers: { ...headers, 'if-none-match': etag } })).status).toBe(304);
    // Errors are never cached: a miss stays a miss with its own request id.
    const [m1, m2] = [await page('/crates/not-indexed-yet', 404), await page('/crates/not-indexed-yet', 404)];
    expect(m1.html).not.toBe(m2.html);
  });
});

describe('search page', () => {
  it('the form shows the same results as the API for the same parameters, facets included', async () => {
    const qs = 'q=hal&profile=embedded&nostd=true&sort=downloads';
    const api = await expectJson(await t.app.request(`/api/v1/search?${qs}`), 200);
    expect(api.total).toBeGreaterThan(1);
    const { html } = await page(`/search?${qs}`);
    const names = [...html.matchAll(/<li class="result"><h3><a href="\/(?:crates|npm)\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]);
    expect(names).toEqual(api.items.map((i: { name: string }) => i.name));
    expect(html).toContain(`of ${api.total.toLocaleString('en')} packages`);
    // Ticked filters stay ticked, so the URL is the whole state and can be shared.
    expect(html).toMatch(/<input type="checkbox" name="profile" value="embedded" checked/);
    expect(html).toMatch(/<input type="checkbox" name="nostd" value="true" checked/);
    // Facet counts are the API's.
    expect(html).toContain(`<span class="count">${api.facets.profile.embedded}</span>`);
  });

  it('answers the results region alone for the enhancement script, and pages with links', async () => {
    const { html } = await page('/search?q=async&partial=results');
    expect(html.startsWith('<section id="results"')).toBe(true);
    expect(html).not.toContain('<html');
    const first = await page('/search?sort=downloads');
    expect(first.html).toContain('rel="next" href="/search?sort=downloads&amp;page=2"');
    const second = await page('/search?sort=downloads&page=2');
    expect(second.html).toContain('21–40 of');
    expect(second.html).toContain('rel="prev"');
  });
});

describe('package pages', () => {
  it('show every profile answer with the evidence the API gives for it', async () => {
    const api = await expectJson(await t.app.request('/api/v1/crates/tokio'), 200);
    const compat = await expectJson(await t.app.request(`/api/v1/crates/tokio/${api.crate.default_version}/compat`), 200);
    const { html } = await page('/crates/tokio');
    expect(html).toContain(`cargo add tokio`);
    for (const c of compat.summary.filter((x: { subject: string }) => x.subject.startsWith('profile:'))) {
      const cell = html.slice(html.indexOf(`data-subject="${c.subject}"`));
      expect(cell.slice(0, 3000)).toContain(escapeHtml(c.evidence[0].detail));
    }
  });

  it('marks yanked versions and shows one asked for', async () => {
    const [row] = await t.database.rows<{ num: string }>(sql`select v.num from versions v join packages p on p.id = v.package_id where p.name = 'cortex-m-rt' and v.yanked limit 1`);
    const { html } = await page('/crates/cortex-m-rt');
    expect(html).toContain(`<a class="yanked" href="/crates/cortex-m-rt?version=${row!.num}"`);
    const old = await page(`/crates/cortex-m-rt?version=${row!.num}`);
    expect(old.html).toContain('<span class="badge s-no">yanked</span>');
    expect(old.html).toContain(`cargo add cortex-m-rt@=${row!.num}`);
    await page('/crates/cortex-m-rt?version=99.0.0', 404);
  });

  it('link bindings both ways and list features with the accelerators they enable', async () => {
    const crate = await page('/crates/tokenizers');
    expect(crate.html).toContain('<a href="/npm/tokenizers">tokenizers</a>');
    const npm = await page('/npm/tokenizers');
    expect(npm.html).toContain('<a href="/crates/tokenizers">tokenizers</a>');
    const candle = await page('/crates/candle-core');
    expect(candle.html).toMatch(/<code>cuda<\/code><\/td><td class="small">.*?<\/td><td><span class="badge">cuda<\/span>/s);
  });

  it('shows dev- and build-dependencies in their own labelled sections, never under "On every target"', async () => {
    const kinds = new Set<string>();
    // tokio's dev-dependencies are declared for every target; esp-hal has a build script's dependencies.
    for (const name of ['tokio', 'esp-hal']) {
      const api = await expectJson(await t.app.request(`/api/v1/crates/${name}`), 200);
      // What the index itself records for the version shown, read from the index file, not from Ferrite.
      const line = realLines(name).map((l) => JSON.parse(l) as IndexLine).find((l) => l.vers === api.crate.default_version)!;
      const expected = line.deps.map((d) => `${d.kind ?? 'normal'} | ${d.target ?? ''} | ${d.package ?? d.name}`).sort();
      for (const d of expected) kinds.add(d.split(' | ')[0]!);
      const { html } = await page(`/crates/${name}`);
      const shown = [...html.matchAll(/<section class="dep-group" data-kind="(\w+)" data-target="([^"]*)">(.*?)<\/section>/gs)].flatMap(([, kind, target, body]) =>
        [...body!.matchAll(/<li><a href="\/crates\/([^"]+)">/g)].map((m) => `${kind} | ${unescapeHtml(target!)} | ${m[1]}`),
      );
      expect(shown.sort()).toEqual(expected);
      // Each section says what its kind means to someone who uses the crate, and is left out when empty.
      const devCount = expected.filter((d) => d.startsWith('dev | ')).length;
      if (devCount) {
        expect(html).toContain(`<h2 id="dev-dependencies">Dev-dependencies (${devCount})</h2>`);
        expect(html).toContain(`a project that uses ${name} never downloads or compiles them`);
      } else expect(html).not.toContain('id="dev-dependencies"');
      const buildCount = expected.filter((d) => d.startsWith('build | ')).length;
      if (buildCount) {
        expect(html).toContain(`<h2 id="build-dependencies">Build dependencies (${buildCount})</h2>`);
        // A build dependency is labelled as one where it is listed.
        expect(html.slice(html.indexOf('id="build-dependencies"'))).toMatch(/<a href="\/crates\/[^"]+">[^<]+<\/a> <code>[^<]+<\/code><span class="badge">build<\/span>/);
      } else expect(html).not.toContain('id="build-dependencies"');
      // "On every target" holds normal dependencies only.
      const everywhere = html.slice(html.indexOf('data-kind="normal" data-target=""')).split('</section>')[0]!;
      expect(everywhere).toContain('On every target');
      expect(everywhere).not.toMatch(/<span class="badge">(dev|build)<\/span>/);
      expect(await htmlProblems(html)).toEqual([]);
    }
    expect([...kinds].sort()).toEqual(['build', 'dev', 'normal']);
  });
});

describe('badges and feeds', () => {
  it('serves shields-style SVG badges for a package, a profile and a target, cached', async () => {
    const all = await t.app.request('/badge/crates/tokio.svg');
    expect(all.status).toBe(200);
    expect(all.headers.get('content-type')).toMatch(/^image\/svg\+xml/);
    expect(all.headers.get('cache-control')).toContain('max-age=3600');
    expect(await all.text()).toMatch(/aria-label="ferrite: cloud/);
    const compat = await expectJson(await t.app.request('/api/v1/crates/cortex-m/0.7.7/compat'), 200);
    const embedded = compat.summary.find((c: { subject: string }) => c.subject === 'profile:embedded').status;
    const word = { yes: 'works', partial: 'partial', no: 'does not work' }[embedded as 'yes'];
    expect(await (await t.app.request('/badge/crates/cortex-m/embedded.svg')).text()).toContain(`aria-label="embedded: ${word}"`);
    expect(await (await t.app.request('/badge/crates/cortex-m/thumbv7em-none-eabihf.svg')).text()).toContain(`aria-label="thumbv7em-none-eabihf: ${word}"`);
    expect(await (await t.app.request('/badge/npm/@lancedb/lancedb/cloud.svg')).text()).toContain('aria-label="cloud: ');
    const missing = await t.app.request('/badge/crates/no-such-crate-here.svg');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('not found');
    expect((await t.app.request('/badge/crates/tokio/not-a-target.svg')).status).toBe(404);
  });

  it('publishes Atom feeds overall, per category and per target', async () => {
    const overall = await t.app.request('/feeds/packages.atom');
    expect(overall.headers.get('content-type')).toMatch(/^application\/atom\+xml/);
    const xml = await overall.text();
    expect(xml).toContain('<feed xmlns="http://www.w3.org/2005/Atom">');
    expect(xml.match(/<entry>/g)).toHaveLength(50);
    const updated = [...xml.matchAll(/<entry>.*?<updated>([^<]+)<\/updated>/gs)].map((m) => m[1]!);
    expect([...updated].sort().reverse()).toEqual(updated);
    const embedded = await (await t.app.request('/feeds/categories/embedded.atom')).text();
    const entries = embedded.split('<entry>').slice(1);
    expect(entries.length).toBeGreaterThan(0);
    for (const e of entries) expect(e).toMatch(/<category[^>]*term="embedded/);
    const target = await (await t.app.request('/feeds/targets/thumbv7em-none-eabihf.atom')).text();
    expect(target).toContain('<title>Ferrite: packages for thumbv7em-none-eabihf</title>');
    expect((await t.app.request('/feeds/targets/not-a-target.atom')).status).toBe(404);
  });
});

describe('targets, categories, compare and badges people can trust', () => {
  it('/targets filters by tier, OS, architecture and std with counts, as a plain GET form', async () => {
    const all = await page('/targets');
    const total = Number(/(\d+) targets\. Tier 1 is shown open/.exec(all.html)?.[1]);
    expect(total).toBeGreaterThan(200);
    for (const name of ['tier', 'os', 'arch', 'std']) expect(all.html).toContain(`<select id="filter-${name}" name="${name}">`);
    const noStdCount = Number(/<option value="no_std">no_std \(core\/alloc only\) \((\d+)\)<\/option>/.exec(all.html)?.[1]);
    expect(noStdCount).toBeGreaterThan(10);
    const filtered = await page('/targets?std=no_std&tier=&os=&arch=');
    expect(filtered.html).toContain(`${noStdCount} of ${total} targets match`);
    const rows = [...filtered.html.matchAll(/<a href="\/targets\/([^"]+)"><code>/g)].map((m) => m[1]);
    expect(rows).toHaveLength(noStdCount);
    expect(rows).toContain('thumbv7em-none-eabihf');
    expect(rows).not.toContain('x86_64-unknown-linux-gnu');
    // Counts of one filter follow the others: ARM bare metal within no_std.
    const arm = await page('/targets?std=no_std&arch=arm&os=none');
    const armRows = [...arm.html.matchAll(/<a href="\/targets\/([^"]+)"><code>/g)].map((m) => m[1]!);
    expect(armRows.length).toBeGreaterThan(3);
    for (const r of armRows) expect(r).toMatch(/^(arm|thumb)/);
    expect(arm.html).toMatch(new RegExp(`<option value="arm" selected="">arm \\(${armRows.length}\\)</option>`));
    expect(await htmlProblems(arm.html)).toEqual([]);
    await page('/targets?tier=9', 400);
    await page('/targets?os=%3Cscript%3E', 400);
  });

  it('target and category lists give a count and a sort that names its signal, with honest wording and plurals', async () => {
    const target = await page('/targets/thumbv7em-none-eabihf?sort=name');
    expect(target.html).toMatch(/<strong>\d+ packages?<\/strong>\. Sorted by name \(a to z\)\./);
    const names = [...target.html.matchAll(/<li class="result"><h3><a href="\/(?:crates|npm)\/[^"]+">([^<]+)<\/a>/g)].map((m) => m[1]!);
    expect(names.length).toBeGreaterThan(1);
    expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
    expect(target.html).toContain('<option value="name" selected="">Name (A to Z)</option>');
    const category = await page('/categories/embedded');
    expect(category.html).toMatch(/<strong>\d+ packages?<\/strong>\. (Sorted by most downloaded|Download counts are not known for these packages, so they are listed by name\.)/);
    expect(category.html).not.toContain('most downloaded first');
    // Without download counts the order menu neither offers nor claims a download order: it shows the one used.
    if (category.html.includes('Download counts are not known for these packages')) {
      expect(category.html).not.toContain('<option value="downloads"');
      expect(category.html).toContain('<option value="name" selected="">Name (A to Z)</option>');
    } else expect(category.html).toContain('<option value="downloads" selected="">');
    const tree = await page('/categories');
    expect(tree.html).not.toMatch(/>1 packages/);
    expect(tree.html).not.toContain('ferrite index');
    await page('/categories/embedded?sort=stars', 400);
  });

  it('counts each category honestly from the categories packages declare (manifests included), subcategories in their parent', async () => {
    const [declared] = await t.database.rows<{ n: number; manifest: number }>(sql`
      select count(distinct p.id)::int as n,
             count(distinct p.id) filter (where exists (select 1 from manifest_facts mf where mf.package_id = p.id and mf.facts->'categories' ? 'science'))::int as manifest
      from packages p join versions v on v.package_id = p.id and v.num = p.default_version
      where exists (select 1 from unnest(p.categories) c where c = 'science' or c like 'science::%')`);
    expect(declared!.manifest).toBeGreaterThan(0);
    const tree = await page('/categories');
    const science = /<a href="\/categories\/science"><strong>[^<]+<\/strong><span class="small muted">([\d,]+) packages?/.exec(tree.html);
    expect(Number(science?.[1]?.replace(/,/g, ''))).toBe(declared!.n);
    const list = await page('/categories/science');
    expect(list.html).toContain(`<strong>${declared!.n} packages</strong>`);
  });

  it('compare keeps the form with the error in place for a typo, and compares npm packages with native libraries and bindings filled', async () => {
    const typo = await page('/compare?crates=tokio,heaples', 404);
    expect(typo.html).toContain('<input id="crates" type="text" name="crates" value="tokio,heaples"');
    expect(typo.html).toContain('no crate or npm package named &#39;heaples&#39; is indexed');
    expect(typo.html).toContain('<h1>Compare packages</h1>');
    expect(await htmlProblems(typo.html)).toEqual([]);
    const bad = await page('/compare?crates=tokio,%3Cx%3E', 400);
    expect(bad.html).toContain('<strong>“&lt;x&gt;”</strong>: not a crate or npm package name');
    const mixed = await page('/compare?crates=tokenizers,npm:tokenizers,%40lancedb/lancedb');
    const heads = [...mixed.html.matchAll(/<th scope="col"><a href="([^"]+)">/g)].map((m) => m[1]);
    expect(heads).toEqual(['/crates/tokenizers', '/npm/tokenizers', '/npm/@lancedb/lancedb']);
    const row = (label: string) => mixed.html.slice(mixed.html.indexOf(`<th scope="row">${label}</th>`)).split('</tr>')[0]!;
    expect(row('npm bindings')).toContain('<a href="/npm/tokenizers">tokenizers</a>');
    expect(row('npm bindings')).toMatch(/napi-rs binding/);
    expect(row('Native libraries')).not.toMatch(/<td><\/td>/);
    expect(await htmlProblems(mixed.html)).toEqual([]);
  });

  it('badges: absolute snippet, partial in its own colour and word, accelerator badges', async () => {
    const crate = await page('/crates/heapless');
    expect(crate.html).toContain('[![ferrite](http://ferrite.test/badge/crates/heapless.svg)](http://ferrite.test/crates/heapless)');
    const cuda = await t.app.request('/badge/crates/candle-core/cuda.svg');
    expect(cuda.status).toBe(200);
    const compat = await expectJson(await t.app.request('/api/v1/crates/candle-core'), 200);
    const summary = (await expectJson(await t.app.request(`/api/v1/crates/candle-core/${compat.crate.default_version}/compat`), 200)).summary as { subject: string; status: string }[];
    const word = { yes: 'works', partial: 'partial', no: 'does not work', unknown: 'unknown' }[summary.find((c) => c.subject === 'accel:cuda')?.status ?? 'unknown'];
    expect(await cuda.text()).toContain(`aria-label="cuda: ${word}"`);
    // A partial answer is never drawn in the green of "works".
    const candidates = await t.database.rows<{ name: string; num: string }>(sql`
      select distinct p.name, p.default_version as num from compat_claims c join versions v on v.id = c.version_id join packages p on p.id = v.package_id and p.default_version = v.num
      where p.ecosystem = 'crates' and c.subject in ('profile:cloud', 'profile:wasm', 'profile:embedded') and c.status = 'partial' order by p.name limit 20`);
    let partial: { name: string; profile: string } | undefined;
    for (const c of candidates) {
      const s = (await expectJson(await t.app.request(`/api/v1/crates/${c.name}/${c.num}/compat`), 200)).summary as { subject: string; status: string }[];
      const hit = s.find((x) => ['profile:cloud', 'profile:wasm', 'profile:embedded'].includes(x.subject) && x.status === 'partial');
      if (hit) {
        partial = { name: c.name, profile: hit.subject.slice('profile:'.length) };
        break;
      }
    }
    expect(partial, 'a crate whose summary is partial on a main profile').toBeDefined();
    const profile = partial!.profile;
    const svg = await (await t.app.request(`/badge/crates/${partial!.name}/${profile}.svg`)).text();
    expect(svg).toContain(`aria-label="${profile}: partial"`);
    expect(svg).not.toContain('#4c1');
    expect((await t.app.request('/badge/crates/tokio/not-an-accelerator.svg')).status).toBe(404);
  });
});

function escapeHtml(s: string) {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

type IndexLine = { vers: string; deps: { name: string; package?: string; kind?: string | null; target?: string | null }[] };

function unescapeHtml(s: string) {
  return s.replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}
