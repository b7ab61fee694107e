import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { and, eq } from 'drizzle-orm';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexedFiles, packages, versions } from '../../api/db/schema/index.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import { npmRegistryUrl, packumentUrl } from '../../indexer/npm/registry.js';
import { expectedChecksum, tarballUrl } from '../../indexer/npm/tarball-files.js';
import type { Progress } from '../../indexer/progress.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { expectJson, type TestContext, useTestApp } from '../setup/app.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const PACKUMENTS = path.join(SHARED_DATA, 'npm-packuments', 'packuments');

function sink() {
  const lines: string[] = [];
  const out = new Writable({ write(c, _e, done) { lines.push(...String(c).split('\n').filter(Boolean)); done(); } });
  return { lines, out };
}

async function storedFacts(t: TestContext, name: string) {
  const rows = await t.database.db
    .select({ num: versions.num, npm: versions.npm, latest: packages.defaultVersion })
    .from(versions)
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .where(and(eq(packages.ecosystem, 'npm'), eq(packages.name, name)));
  return rows.find((r) => r.num === r.latest)!.npm!;
}

const compatOf = async (t: TestContext, name: string) => expectJson(await t.app.request(`/api/v1/npm/${encodeURIComponent(name)}/compat`), 200);
const pageOf = async (t: TestContext, name: string) => {
  const res = await t.app.request(`/npm/${name.replace('@', '%40')}`);
  expect(res.status).toBe(200);
  return res.text();
};

/**
 * The registry npm is configured with, if this machine reaches it. Unreachable: the real-network
 * suite is skipped with one line, except in CI, where it must run.
 */
async function reachableRegistry(): Promise<string | null> {
  const registry = await npmRegistryUrl();
  let why = registry ? '' : 'no npm registry is configured';
  if (registry) {
    try {
      const res = await fetch(packumentUrl(registry, '@huggingface/tokenizers'), { signal: AbortSignal.timeout(10_000) });
      await res.body?.cancel();
      if (res.ok) return registry;
      why = `the registry answered HTTP ${res.status}`;
    } catch (err) {
      why = `the registry is unreachable (${(err as Error).message})`;
    }
  }
  if (process.env.CI === 'true') throw new Error(`the npm tarball suite needs the real registry, and CI must provide it: ${why}`);
  console.log(`skipped the real npm tarballs: ${why}`);
  return null;
}
const REGISTRY = await reachableRegistry();

describe.skipIf(!REGISTRY)('published files from the real registry', () => {
  const t = useTestApp();
  // napi-rs platform package, wasm-bindgen, node-gyp C++, and a pure-JavaScript package (checked with `npm pack --dry-run`).
  const NAMES = ['@node-rs/argon2-linux-x64-gnu', '@silvia-odwyer/photon', 'bcrypt', '@huggingface/tokenizers'];

  beforeAll(async () => {
    const { out } = sink();
    const r = await indexNpm(t.database, NAMES, { registry: REGISTRY, tarballs: true, progress: silent, out });
    expect(r.tarballs).toMatchObject({ fetched: 4, changed: 4, failed: 0 });
    await runCompatPass(t.database);
  }, 60_000);

  it('stores each latest version\'s real file list, verified against the packument\'s integrity', async () => {
    const expected: Record<string, (files: string[]) => boolean> = {
      '@node-rs/argon2-linux-x64-gnu': (f) => f.includes('argon2.linux-x64-gnu.node'),
      '@silvia-odwyer/photon': (f) => f.some((x) => x.endsWith('_bg.wasm')),
      bcrypt: (f) => f.includes('binding.gyp'),
      '@huggingface/tokenizers': (f) => f.includes('package.json') && f.every((x) => /\.(c?js|mjs|d\.ts|json|md)$|^LICENSE$/.test(x)),
    };
    for (const name of NAMES) {
      const facts = await storedFacts(t, name);
      const list = facts.publishedFiles!;
      expect(list.integrity, name).toBe(expectedChecksum(facts.dist)!.sri);
      expect(list.files.some((f) => f.startsWith('package/')), name).toBe(false);
      expect(expected[name]!(list.files), `${name}: ${list.files.join(', ')}`).toBe(true);
    }
  });

  it('answers "is it Rust?" from those files, with the tarball as evidence', async () => {
    const argon = await compatOf(t, '@node-rs/argon2-linux-x64-gnu');
    expect(argon.binding).toMatchObject({ kind: 'napi-rs', triples: ['x86_64-unknown-linux-gnu'] });
    expect(argon.binding.evidence).toContainEqual(expect.objectContaining({ claim: 'rust', source: 'tarball' }));
    const photon = await compatOf(t, '@silvia-odwyer/photon');
    expect(photon.binding.kind).toBe('wasm-bindgen');
    const rustOf = (c: { summary: { subject: string; status: string; evidence: { source: string; detail: string }[] }[] }) => c.summary.find((s) => s.subject === 'rust')!;
    const bcrypt = rustOf(await compatOf(t, 'bcrypt'));
    expect(bcrypt.status).toBe('no');
    expect(bcrypt.evidence).toContainEqual(expect.objectContaining({ source: 'tarball', detail: 'binding.gyp in the published tarball — a node-gyp (C/C++) addon' }));
    const tokenizers = await compatOf(t, '@huggingface/tokenizers');
    const files = (await storedFacts(t, '@huggingface/tokenizers')).publishedFiles!.files;
    expect(tokenizers.binding).toBeNull();
    expect(rustOf(tokenizers)).toMatchObject({ status: 'no', evidence: [expect.objectContaining({ source: 'tarball', detail: `the published files are JavaScript only (${files.length} files)` })] });
  });

  it('the npm page of a pure-JavaScript package says so in one sentence and shows no Rust sections', async () => {
    const html = await pageOf(t, '@huggingface/tokenizers');
    expect(html).toMatch(/@huggingface\/tokenizers is JavaScript, not a Rust binding: the published files are JavaScript only \(\d+ files\)\./);
    for (const rust of ['id="profile-embedded"', 'id="nostd"', 'id="prebuilt"', 'id="binding"', 'Will it run there?']) expect(html, rust).not.toContain(rust);
    const argon = await pageOf(t, '@node-rs/argon2-linux-x64-gnu');
    expect(argon).toContain('argon2.linux-x64-gnu.node in the published tarball: a napi-rs binary for linux-x64-gnu');
    expect(argon).toContain('id="prebuilt"');
  });

  it('reads each tarball once: a re-run and a re-stored packument keep the list without fetching again', async () => {
    await t.database.db.delete(indexedFiles).where(and(eq(indexedFiles.source, 'npm'), eq(indexedFiles.key, 'bcrypt')));
    const r = await indexNpm(t.database, NAMES, { registry: REGISTRY, tarballs: true, progress: silent, out: sink().out });
    expect(r.packagesStored).toBe(1);
    expect(r.tarballs).toMatchObject({ fetched: 0, known: 4, failed: 0 });
    expect((await storedFacts(t, 'bcrypt')).publishedFiles?.files).toContain('binding.gyp');
  }, 30_000);
});

/** A real-looking npm tarball: `package/` entries, gzip'd. */
async function tgz(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack();
  for (const [name, text] of Object.entries(files)) pack.entry({ name: `package/${name}` }, text);
  pack.finalize();
  const chunks: Buffer[] = [];
  for await (const c of pack) chunks.push(c as Buffer);
  return gzipSync(Buffer.concat(chunks));
}

describe('tarballs that must be refused (a local registry)', () => {
  const t = useTestApp();
  let server: http.Server;
  let registry: string;
  const served = new Map<string, Buffer>();
  const hits: string[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      hits.push(req.url!);
      const body = served.get(req.url!);
      if (!body) return res.writeHead(404).end();
      res.writeHead(200, { 'content-type': 'application/octet-stream' }).end(body);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('downloads from the configured registry, keeping the packument\'s path', () => {
    expect(tarballUrl('https://registry.invalid/@scope/x/-/x-1.0.0.tgz', 'http://127.0.0.1:9/')).toBe('http://127.0.0.1:9/@scope/x/-/x-1.0.0.tgz');
    expect(tarballUrl('https://registry.invalid/x/-/x-1.0.0.tgz', 'http://127.0.0.1:9/npm/')).toBe('http://127.0.0.1:9/npm/x/-/x-1.0.0.tgz');
    expect(tarballUrl('http://127.0.0.1:9/npm/x/-/x-1.0.0.tgz', 'http://127.0.0.1:9/npm')).toBe('http://127.0.0.1:9/npm/x/-/x-1.0.0.tgz');
    expect(() => tarballUrl('file:///etc/passwd', 'http://127.0.0.1:9/')).toThrow(/not an http/);
  });

  it('refuses a tarball whose bytes do not match dist.integrity, stores nothing, and finishes the run', async () => {
    const file = path.join(PACKUMENTS, '@node-rs__argon2-linux-x64-gnu.json');
    const real = JSON.parse(fs.readFileSync(file, 'utf8'));
    const dist = real.versions[real['dist-tags'].latest].dist;
    // Same path, other bytes: a tarball that claims to be napi-rs but is not what was published.
    served.set(new URL(dist.tarball).pathname, await tgz({ 'package.json': '{}', 'evil.linux-x64-gnu.node': 'x' }));
    const { lines, out } = sink();
    const r = await indexNpm(t.database, [file], { registry, tarballs: true, progress: silent, out });
    expect(hits).toContain(new URL(dist.tarball).pathname);
    expect(r.tarballs).toMatchObject({ fetched: 0, failed: 1 });
    expect(lines.join('\n')).toMatch(/@node-rs\/argon2-linux-x64-gnu@[^ ]+ tarball: .*sha512 mismatch/);
    expect((await storedFacts(t, '@node-rs/argon2-linux-x64-gnu')).publishedFiles).toBeUndefined();
  });

  it('refuses a tarball missing on the registry, over the size cap or with too many entries, and reads a matching one', async () => {
    const file = path.join(PACKUMENTS, '@huggingface__tokenizers.json');
    const real = JSON.parse(fs.readFileSync(file, 'utf8'));
    const { lines, out } = sink();
    // Missing: nothing served at that path yet.
    let r = await indexNpm(t.database, [file], { registry, tarballs: true, progress: silent, out });
    expect(r.tarballs).toMatchObject({ failed: 1 });
    expect(lines.at(-1)).toMatch(/HTTP 404/);
    // A packument whose checksum matches the bytes served: read, listed without `package/`.
    const body = await tgz({ 'package.json': '{}', 'index.js': '', 'README.md': '' });
    const doc = structuredClone(real);
    const v = doc.versions[doc['dist-tags'].latest];
    v.dist = { ...v.dist, integrity: `sha512-${createHash('sha512').update(body).digest('base64')}` };
    served.set(new URL(v.dist.tarball).pathname, body);
    const local = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-npm-')), 'tokenizers.json');
    fs.writeFileSync(local, JSON.stringify(doc));
    r = await indexNpm(t.database, [local], { registry, tarballs: true, progress: silent, out, tarballLimits: { maxCompressedBytes: 16 } });
    expect(r.tarballs).toMatchObject({ fetched: 0, failed: 1 });
    expect(lines.at(-1)).toMatch(/larger than 16 bytes/);
    r = await indexNpm(t.database, [local], { registry, tarballs: true, progress: silent, out, tarballLimits: { maxEntries: 2 } });
    expect(r.tarballs).toMatchObject({ fetched: 0, failed: 1 });
    expect(lines.at(-1)).toMatch(/more than 2 entries/);
    r = await indexNpm(t.database, [local], { registry, tarballs: true, progress: silent, out });
    expect(r.tarballs).toMatchObject({ fetched: 1, changed: 1, failed: 0 });
    expect((await storedFacts(t, '@huggingface/tokenizers')).publishedFiles?.files).toEqual(['README.md', 'index.js', 'package.json']);
  });
});
