import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { parse as parseToml } from 'smol-toml';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { archiveFacts } from '../../api/archives/service.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { cargoSparseIndex } from '../../api/archives/upstream.js';
import { indexArchives, type IndexArchivesOptions } from '../../indexer/commands/index-archives.js';
import { expectJson, expectProblem, useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { htmlProblems } from '../setup/html.js';
import { cargoFetch, fetchedVersion, fileInArchive, hasCargo, sha256File } from './crate-files.js';

const CRATES = { heapless: '0.8', 'embedded-hal': '1', itoa: '1', serde_derive: '1', serde: '1' };
const storeDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-archive-store-'));
const store = new ArchiveStore(storeDir);

function quietly(): { out: Writable; lines: string[] } {
  const lines: string[] = [];
  return { lines, out: new Writable({ write(c, _e, done) { lines.push(...String(c).split('\n').filter(Boolean)); done(); } }) };
}

/** Real crates from the real registry: fetched by cargo, indexed from cargo's own sparse index, imported from its cache. */
describe.skipIf(!hasCargo)('crate archives from cargo\'s cache', () => {
  const t = useTestApp({ archives: { store, upstreamIndex: null } });
  let fetched: { home: string; cacheDir: string };
  let upstream: string;
  const version = (name: string) => fetchedVersion(fetched.cacheDir, name);
  const archiveOf = (name: string) => path.join(fetched.cacheDir, `${name}-${version(name)}.crate`);
  const log0 = quietly();
  const run = (o: Partial<IndexArchivesOptions> = {}) => indexArchives(t.database, { store, cargoHome: fetched.home, upstreamIndex: null, fromCargoCache: true, out: log0.out, ...o });

  beforeAll(async () => {
    fetched = cargoFetch(CRATES);
    upstream = cargoSparseIndex(fetched.home)!;
    const names = fs.readdirSync(fetched.cacheDir).map((f) => f.replace(/-\d+\.\d+\.\d+.*$/, ''));
    const indexed = await runIndexCrates(t.database, [upstream], { crates: names });
    expect(indexed.unreachable ?? []).toEqual([]);
  }, 120_000);

  it('imports every cached archive of an indexed crate, verified, into the content-addressed store; a re-run skips them', async () => {
    const first = await run();
    const cached = fs.readdirSync(fetched.cacheDir).length;
    expect(first.cached.imported).toBe(cached);
    expect(first.refused + first.failed + first.unreadable).toBe(0);
    for (const name of Object.keys(CRATES)) {
      const sha = sha256File(archiveOf(name));
      expect(fs.existsSync(path.join(storeDir, 'sha256', sha.slice(0, 2), `${sha}.crate`))).toBe(true);
    }
    const again = await run();
    expect(again.cached).toEqual({ imported: 0, alreadyStored: cached, notIndexed: 0 });
  });

  it('stores the Cargo.toml fields the archive itself says, read independently from the archive', async () => {
    for (const name of Object.keys(CRATES)) {
      const facts = await archiveFacts(t.database.db, name, version(name));
      expect(facts, name).not.toBeNull();
      const pkg = (parseToml(fileInArchive(archiveOf(name), `${name}-${version(name)}/Cargo.toml`)) as { package: Record<string, any> }).package;
      const m = facts!.manifest;
      expect(facts!.source).toBe('archive');
      expect(m.description).toBe(pkg.description?.trim());
      expect(m.license).toBe(pkg.license);
      expect(m.repository).toBe(pkg.repository);
      expect(m.documentation).toBe(pkg.documentation);
      expect(m.homepage).toBe(pkg.homepage);
      expect(m.keywords).toEqual(pkg.keywords);
      expect(m.categories).toEqual(pkg.categories);
      expect(m.rustVersion).toBe(pkg['rust-version']);
      expect(m.edition).toBe(pkg.edition);
      expect(m.readme).toBe(pkg.readme);
      expect(m.docsRs?.targets).toEqual(pkg.metadata?.docs?.rs?.targets);
      expect(facts!.sha256).toBe(sha256File(archiveOf(name)));
    }
  });

  it('reads #![no_std] evidence from each library root, as the source says it', async () => {
    const evidence = async (name: string) => (await archiveFacts(t.database.db, name, version(name)))!.noStd;
    const libRs = (name: string) => fileInArchive(archiveOf(name), `${name}-${version(name)}/src/lib.rs`);
    expect(libRs('embedded-hal')).toMatch(/^#!\[no_std\]/m);
    expect(await evidence('embedded-hal')).toMatchObject({ kind: 'always', attribute: '#![no_std]', file: 'src/lib.rs' });
    // heapless is no_std for every dependent; only its own tests link std.
    expect(libRs('heapless')).toContain('#![cfg_attr(not(test), no_std)]');
    expect(await evidence('heapless')).toMatchObject({ kind: 'always', predicate: 'not(test)' });
    expect(libRs('serde')).toMatch(/#!\[cfg_attr\(not\(feature = "std"\), no_std\)\]/);
    expect(await evidence('serde')).toMatchObject({ kind: 'without-std-feature', feature: 'std' });
    // A proc-macro crate runs in the compiler, with std.
    expect(libRs('serde_derive')).not.toMatch(/no_std/);
    expect(await evidence('serde_derive')).toMatchObject({ kind: 'no' });
  });

  it('feeds the #![no_std] attribute to the compatibility engine: heapless, unknown from its index line, is no_std from its archive', async () => {
    await runCompatPass(t.database);
    const compat = await expectJson(await t.app.request(`/api/v1/crates/heapless/${version('heapless')}/compat`), 200);
    const nostd = compat.summary.find((c: { subject: string }) => c.subject === 'nostd');
    expect(nostd).toMatchObject({ status: 'always' });
    expect(nostd.evidence.map((e: { source: string }) => e.source)).toContain('archive');
    const targets = await expectJson(await t.app.request(`/api/v1/crates/heapless/${version('heapless')}/targets/thumbv7m-none-eabi`), 200);
    expect(targets).toMatchObject({ status: 'yes', basis: 'nostd' });
  });

  it('renders READMEs with their HTML sanitized: badges kept as https images, no scripts, handlers or styles', async () => {
    const facts = await archiveFacts(t.database.db, 'itoa', version('itoa'));
    const source = fileInArchive(archiveOf('itoa'), `itoa-${version('itoa')}/${facts!.readmePath}`);
    expect(source).toMatch(/<img /); // a README written in HTML
    const html = facts!.readmeHtml!;
    const imgs = [...html.matchAll(/<img [^>]*src="([^"]+)"/g)].map((m) => m[1]!);
    expect(imgs.length).toBeGreaterThan(0);
    for (const src of imgs) expect(src).toMatch(/^https:\/\//);
    for (const href of [...html.matchAll(/<a [^>]*href="([^"]+)"/g)].map((m) => m[1]!)) expect(href).toMatch(/^(https?:|mailto:|#)/);
    expect(html).not.toMatch(/<script|\son\w+=|\sstyle=/i);
    expect(html).toContain('<h3>itoa</h3>');
  });

  it('fills the description and links the index lacks from the archive, so the API shows them', async () => {
    const body = await expectJson(await t.app.request('/api/v1/crates/heapless'), 200);
    const m = (await archiveFacts(t.database.db, 'heapless', version('heapless')))!.manifest;
    expect(body.crate.description).toBe(m.description);
    expect(body.crate.repository).toBe(m.repository);
  });

  it('refuses a tampered archive whose sha256 is not the index cksum, and reports it with its file', async () => {
    const home = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-tampered-'));
    const cache = path.join(home, 'registry', 'cache', path.basename(fetched.cacheDir));
    fs.mkdirSync(cache, { recursive: true });
    const bytes = fs.readFileSync(archiveOf('embedded-hal'));
    bytes[bytes.length - 10] ^= 0xff;
    const tampered = path.join(cache, path.basename(archiveOf('embedded-hal')));
    fs.writeFileSync(tampered, bytes);
    const otherStore = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-store2-')));
    const log = quietly();
    // The version's archive row exists from the real one; the tampered copy goes to a fresh store and must not land.
    const r = await indexArchives(t.database, { store: otherStore, cargoHome: home, upstreamIndex: null, fromCargoCache: true, out: log.out, crates: ['embedded-hal'] });
    expect(r.refused).toBe(1);
    expect(r.cached.imported).toBe(0);
    expect(log.lines.join('\n')).toContain(tampered);
    expect(log.lines.join('\n')).toMatch(/does not match the index cksum/);
    expect(fs.readdirSync(path.join(otherStore.root, 'sha256'), { recursive: true }).filter((f) => String(f).endsWith('.crate'))).toEqual([]);
  });

  it('serves a stored archive for cargo\'s dl, byte for byte, with its checksum as ETag', async () => {
    const v = version('itoa');
    const res = await t.app.request(`/api/v1/crates/itoa/${v}/download`);
    expect(res.status).toBe(200);
    const body = Buffer.from(await res.arrayBuffer());
    const sha = createHash('sha256').update(body).digest('hex');
    expect(sha).toBe(sha256File(archiveOf('itoa')));
    expect(res.headers.get('etag')).toBe(`"${sha}"`);
    const again = await t.app.request(`/api/v1/crates/itoa/${v}/download`, { headers: { 'if-none-match': `"${sha}"` } });
    expect(again.status).toBe(304);
  });

  it('answers a download of a bad name or version with a 400, an unknown version or an archive not stored (no upstream) with a 404', async () => {
    await expectProblem(await t.app.request('/api/v1/crates/itoa/99.0.0/download'), 404, 'versionNotFound');
    await expectProblem(await t.app.request('/api/v1/crates/..%2F..%2Fetc/1.0.0/download'), 400, 'invalidRequest');
    await expectProblem(await t.app.request('/api/v1/crates/itoa/1.0.0%2F..%2F..%2Fx/download'), 400, 'invalidRequest');
    const older = (await t.app.request('/api/v1/crates/itoa/1.0.0/download'));
    await expectProblem(older, 404, 'notFound');
  });

  it('shows the README, the archive\'s facts with their source, dated versions and copy buttons on the crate page', async () => {
    const v = version('itoa');
    const res = await t.app.request(`/crates/itoa?version=${v}`);
    const html = await res.text();
    expect(res.status, html).toBe(200);
    const facts = (await archiveFacts(t.database.db, 'itoa', v))!;
    expect(html).toContain('<h2 id="readme">README</h2>');
    expect(html).toContain(facts.readmeHtml!.slice(0, 200));
    expect(html).toContain(`From <code>${facts.readmePath}</code> in the published archive of itoa ${v}`);
    expect(html).toContain('From the published archive');
    expect(html).toContain(`<dd>${facts.manifest.license}</dd>`);
    for (const k of facts.manifest.keywords!) expect(html).toContain(`>${k}</a>`);
    // The index line of this version carries pubtime (or not): either way the date says where it came from.
    expect(html).toMatch(/title="(from the index \(pubtime\)|not published with a date: when Ferrite first saw this version)"/);
    const copy = /<script src="(\/assets\/copy\.[0-9a-f]+\.js)" integrity="sha384-[^"]+"/.exec(html);
    expect(copy).not.toBeNull();
    expect((await t.app.request(copy![1]!)).status).toBe(200);
    // No inline script anywhere; README images from other hosts are allowed by the CSP, https only.
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/);
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toMatch(/img-src 'self' data: https:/);
    expect(csp).toMatch(/script-src 'self'(;|$)/);
    expect(await htmlProblems(html)).toEqual([]);
  });

  it('answers GET …/{version}/archive with the archive\'s facts and where they came from, as the OpenAPI document describes', async () => {
    const v = version('heapless');
    const body = await expectJson(await t.app.request(`/api/v1/crates/heapless/${v}/archive`), 200);
    const pkg = (parseToml(fileInArchive(archiveOf('heapless'), `heapless-${v}/Cargo.toml`)) as { package: Record<string, any> }).package;
    expect(body).toMatchObject({ source: 'archive', crate: 'heapless', version: v });
    expect(body.archive).toMatchObject({ sha256: sha256File(archiveOf('heapless')), size: fs.statSync(archiveOf('heapless')).size, origin: 'cargo-cache', downloadUrl: `/api/v1/crates/heapless/${v}/download` });
    expect(new Date(body.archive.storedAt).getTime()).not.toBeNaN();
    expect(body.manifest).toMatchObject({ name: 'heapless', version: v, description: pkg.description?.trim(), license: pkg.license, repository: pkg.repository });
    expect(body.noStd).toMatchObject({ kind: 'always', file: 'src/lib.rs' });
    expect(body.readme.path).toBe(pkg.readme ?? 'README.md');
    expect(body.readme.html).not.toMatch(/<script/i);
    const doc = await expectJson(await t.app.request('/api/openapi.json'), 200);
    const op = doc.paths['/api/v1/crates/{name}/{version}/archive'].get;
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '404']));
    expect(op.responses['200'].content['application/json'].schema.$ref).toBe('#/components/schemas/ArchiveFacts');
  });

  it('answers the archive facts of an unknown crate or version, or of a version without a stored archive, with a 404; a bad version with a 400', async () => {
    await expectProblem(await t.app.request('/api/v1/crates/no-such-crate-here/1.0.0/archive'), 404, 'packageNotFound');
    await expectProblem(await t.app.request('/api/v1/crates/itoa/99.0.0/archive'), 404, 'versionNotFound');
    const none = await expectProblem(await t.app.request('/api/v1/crates/itoa/1.0.0/archive'), 404, 'notFound');
    expect(JSON.stringify(none)).toContain('no archive of itoa 1.0.0');
    await expectProblem(await t.app.request('/api/v1/crates/itoa/1.0.0%2F..%2Fx/archive'), 400, 'invalidRequest');
  });

  it('says so when no archive of a version is stored', async () => {
    const html = await (await t.app.request('/crates/itoa?version=1.0.0')).text();
    expect(html).toContain('Ferrite holds no archive of this version yet, so no README.');
    expect(html).not.toContain('From the published archive');
  });
});
