import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import { parse as parseToml } from 'smol-toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveStore } from '../../api/archives/store.js';
import { defaultVersion } from '../../api/engine/formats/versions-order.js';
import { cargoFetch, fileInArchive, hasCargo } from '../archives/crate-files.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { realLines, scratchIndex } from '../setup/index-fixtures.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const CRATES = ['nb', 'critical-section', 'embedded-hal'];
/** The one of them found in cargo's cache; the others come from the `dl` server. */
const CACHED = 'embedded-hal';

/** Each crate's newest non-yanked version in the real index files the fixture index holds. */
const newest = Object.fromEntries(CRATES.map((n) => [n, defaultVersion(realLines(n).map((l) => JSON.parse(l) as { vers: string; yanked: boolean }).map((r) => ({ num: r.vers, yanked: r.yanked })))!]));

/** A registry's download host over real archives: `/index/config.json` names the `dl` template. */
function dlServer(cacheDir: string) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/index/config.json') return res.end(JSON.stringify({ dl: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/dl/{crate}/{version}` }));
    const m = /^\/dl\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const file = m && path.join(cacheDir, `${m[1]}-${m[2]}.crate`);
    if (!file || !fs.existsSync(file)) return res.writeHead(404).end();
    hits.push(m[1]!);
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(fs.readFileSync(file));
  });
  return { server, hits };
}

/** `ferrite index crates` as an operator runs it, in a process of its own with its own data folder. */
function ferrite(args: string[], env: Record<string, string>): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ferrite.js'), ...args], { env: { ...process.env, DATABASE_URL: '', LOG_LEVEL: 'silent', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', (status) => resolve({ status, stdout, stderr }));
  });
}

describe.skipIf(!hasCargo)('the archive step of `index crates`', () => {
  const t = useTestApp();
  let fetched: { home: string; cacheDir: string };
  let dl: ReturnType<typeof dlServer>;
  let upstream: string;
  let index: string;
  /** A CARGO_HOME whose cache holds one of the three archives, as cargo lays it out. */
  const cargoHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-cargo-home-'));
  const archiveOf = (name: string) => path.join(fetched.cacheDir, `${name}-${newest[name]}.crate`);
  const manifestOf = (name: string) => (parseToml(fileInArchive(archiveOf(name), `${name}-${newest[name]}/Cargo.toml`)) as { package: { description: string } }).package;

  beforeAll(async () => {
    // The real archives of exactly the versions the fixture index calls newest, by the real cargo.
    fetched = cargoFetch(Object.fromEntries(CRATES.map((n) => [n, `=${newest[n]}`])));
    index = scratchIndex(Object.fromEntries(CRATES.map((n) => [n, realLines(n).join('\n') + '\n'])));
    const cache = path.join(cargoHome, 'registry', 'cache', 'local-0123456789abcdef');
    fs.mkdirSync(cache, { recursive: true });
    fs.copyFileSync(archiveOf(CACHED), path.join(cache, path.basename(archiveOf(CACHED))));
    dl = dlServer(fetched.cacheDir);
    await new Promise<void>((r) => dl.server.listen(0, '127.0.0.1', r));
    upstream = `http://127.0.0.1:${(dl.server.address() as net.AddressInfo).port}/index/`;
  }, 120_000);
  afterAll(() => new Promise<void>((r) => dl?.server.close(() => r())));

  it('imports cargo\'s cache, downloads the rest, and fills descriptions and READMEs the index lines lack', async () => {
    for (const n of CRATES) expect(realLines(n).join('\n')).not.toContain('"description"');
    const store = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-step-store-')));
    const r = await runIndexCrates(t.database, [index], { archives: { store, cargoHome, upstreamIndex: upstream, backoffMs: 10 } });
    expect(r.archives).toMatchObject({ cached: { imported: 1 }, downloaded: 2, refused: 0, failed: 0, unreadable: 0 });
    expect(dl.hits.sort()).toEqual(CRATES.filter((n) => n !== CACHED).sort());
    const rows = await t.database.rows<{ name: string; description: string | null }>(sql`select name, description from packages order by name`);
    expect(rows).toEqual(CRATES.map((name) => ({ name, description: manifestOf(name).description.trim() })).sort((a, b) => a.name.localeCompare(b.name)));
    for (const name of CRATES) {
      const facts = await expectJson(await t.app.request(`/api/v1/crates/${name}/${newest[name]}/archive`), 200);
      expect(facts.archive.origin, name).toBe(name === CACHED ? 'cargo-cache' : 'download');
      const readme = fileInArchive(archiveOf(name), `${name}-${newest[name]}/${facts.readme.path}`);
      // The first heading of the README, rendered.
      const heading = /^#+\s+(.+)$/m.exec(readme)![1]!.replace(/`/g, '').trim();
      expect(facts.readme.html.replace(/<[^>]+>/g, '')).toContain(heading);
    }
  });

  it('runs by default from the command line, is skipped with --no-archives, and reports an unreachable registry without failing', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-cli-archives-'));
    const env = { FERRITE_DATA_DIR: dataDir, CARGO_HOME: cargoHome };
    dl.hits.length = 0;

    const skipped = await ferrite(['index', 'crates', index, '--no-archives'], { ...env, FERRITE_UPSTREAM_INDEX: upstream });
    expect(skipped.status, skipped.stderr).toBe(0);
    expect(skipped.stdout).toMatch(/Indexed 3 crate files/);
    expect(skipped.stdout).not.toMatch(/Archives in/);
    expect(dl.hits).toEqual([]);
    expect(fs.existsSync(path.join(dataDir, 'archives'))).toBe(false);

    // Nothing listens on port 9: the cached archive is imported, the others are reported, the run succeeds.
    const unreachable = await ferrite(['index', 'crates', index], { ...env, FERRITE_UPSTREAM_INDEX: 'http://127.0.0.1:9/' });
    expect(unreachable.status, unreachable.stderr).toBe(0);
    expect(unreachable.stdout).toMatch(/Archives in [\d.]+ s: 1 imported from cargo's cache .* 0 downloaded/);
    expect(unreachable.stderr).toMatch(/skipped: http:\/\/127\.0\.0\.1:9\/config\.json: .*2 archives not downloaded/);

    // A re-run resumes: only the two missing archives are downloaded.
    const resumed = await ferrite(['index', 'crates', index], { ...env, FERRITE_UPSTREAM_INDEX: upstream });
    expect(resumed.status, resumed.stderr).toBe(0);
    expect(resumed.stdout).toMatch(/Archives in [\d.]+ s: 0 imported from cargo's cache \(1 already stored, 0 not indexed here\), 2 downloaded, 0 refused/);
    expect(dl.hits.sort()).toEqual(CRATES.filter((n) => n !== CACHED).sort());
  }, 120_000);
});
