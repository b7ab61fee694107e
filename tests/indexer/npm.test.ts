import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import { npmRegistryUrl, packumentUrl } from '../../indexer/npm/registry.js';
import type { Progress } from '../../indexer/progress.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const NPM = path.join(SHARED_DATA, 'npm-packuments');
const silent: Progress = { start() {}, update() {}, stop() {} };

function sink() {
  const lines: string[] = [];
  const out = new Writable({ write(c, _e, done) { lines.push(...String(c).split('\n').filter(Boolean)); done(); } });
  return { lines, out };
}

describe('indexing npm packuments from files', () => {
  const t = useTestApp();

  it('loads every real packument with its platform facts', async () => {
    const files = fs.readdirSync(path.join(NPM, 'packuments'));
    const r = await indexNpm(t.database, [path.join(NPM, 'packuments')], { progress: silent, out: sink().out });
    expect(r).toMatchObject({ documents: files.length, packagesStored: files.length, skipped: 0 });
    const argon = await expectJson(await t.app.request(`/api/v1/npm/${encodeURIComponent('@node-rs/argon2-linux-x64-gnu')}`), 200);
    const real = JSON.parse(fs.readFileSync(path.join(NPM, 'packuments', '@node-rs__argon2-linux-x64-gnu.json'), 'utf8'));
    const latest = real.versions[real['dist-tags'].latest];
    expect(argon.versions[0]).toMatchObject({ version: latest.version, os: latest.os, cpu: latest.cpu, libc: latest.libc });
    const root = await expectJson(await t.app.request(`/api/v1/npm/${encodeURIComponent('@node-rs/argon2')}`), 200);
    expect(root.repository).toBe('https://github.com/napi-rs/node-rs');
    expect(Object.keys(root.versions[0].optionalDependencies)).toContain('@node-rs/argon2-linux-x64-gnu');
  });

  it('skips documents it already stored unchanged', async () => {
    const files = fs.readdirSync(path.join(NPM, 'packuments'));
    const r = await indexNpm(t.database, [path.join(NPM, 'packuments')], { progress: silent, out: sink().out });
    expect(r).toMatchObject({ unchanged: files.length, packagesStored: 0 });
  });

  it('reads `npm view --json` output, which carries only the latest manifest', async () => {
    const r = await indexNpm(t.database, [path.join(NPM, 'view', 'tiktoken.json')], { progress: silent, out: sink().out });
    expect(r.skipped).toBe(0);
    const view = JSON.parse(fs.readFileSync(path.join(NPM, 'view', 'tiktoken.json'), 'utf8'));
    const body = await expectJson(await t.app.request('/api/v1/npm/tiktoken'), 200);
    expect(body.versions.map((v: { version: string }) => v.version)).toContain(view.version);
  });

  it('reports malformed documents with their file and keeps going', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-npm-'));
    fs.writeFileSync(path.join(dir, 'a-broken.json'), '{"name": "x", "versions": ');
    fs.writeFileSync(path.join(dir, 'b-nameless.json'), '{"versions": {}}');
    fs.copyFileSync(path.join(NPM, 'packuments', 'lightningcss.json'), path.join(dir, 'c-good.json'));
    const { lines, out } = sink();
    const r = await indexNpm(t.database, [dir], { progress: silent, out });
    expect(r).toMatchObject({ documents: 3, skipped: 2 });
    expect(lines[0]).toMatch(new RegExp(`^skipped: ${dir}/a-broken.json: not JSON`));
    expect(lines[1]).toMatch(new RegExp(`^skipped: ${dir}/b-nameless.json: name`));
  });
});

describe('fetching packuments from a registry', () => {
  const t = useTestApp();
  let server: http.Server;
  let registry: string;
  const seen: { url: string; inm?: string; status: number }[] = [];
  beforeAll(async () => {
    server = http.createServer((req, res) => {
      const name = decodeURIComponent(req.url!.slice(1));
      const file = path.join(NPM, 'packuments', `${name.replace('/', '__')}.json`);
      if (!fs.existsSync(file)) { seen.push({ url: req.url!, status: 404 }); return res.writeHead(404).end('{}'); }
      const etag = `"${fs.statSync(file).size}"`;
      const status = req.headers['if-none-match'] === etag ? 304 : 200;
      seen.push({ url: req.url!, inm: req.headers['if-none-match'], status });
      res.writeHead(status, { etag }).end(status === 200 ? fs.readFileSync(file) : undefined);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('reads the registry URL from the environment before asking npm', async () => {
    expect(await npmRegistryUrl({ NPM_REGISTRY_URL: 'http://127.0.0.1:9/reg' })).toBe('http://127.0.0.1:9/reg/');
    expect(packumentUrl('http://127.0.0.1:9/', '@napi-rs/canvas')).toBe('http://127.0.0.1:9/@napi-rs%2fcanvas');
  });

  it('fetches by name, then revalidates with If-None-Match', async () => {
    const names = ['@napi-rs/canvas', 'nodejs-polars', 'no-such-package-here'];
    const first = await indexNpm(t.database, names, { registry, progress: silent, out: sink().out });
    expect(first.packagesStored).toBe(2);
    expect(seen.map((s) => s.url)).toContain('/@napi-rs%2fcanvas');
    const { lines, out } = sink();
    const second = await indexNpm(t.database, names, { registry, progress: silent, out });
    expect(second.unchanged).toBe(2);
    expect(seen.filter((s) => s.status === 304)).toHaveLength(2);
    expect(lines.some((l) => l.includes("'no-such-package-here' is not on the registry"))).toBe(true);
  });
});
