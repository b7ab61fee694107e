import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { archiveFacts } from '../../api/archives/service.js';
import { packages } from '../../api/db/schema/index.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { cargoSparseIndex } from '../../api/archives/upstream.js';
import { indexArchives } from '../../indexer/commands/index-archives.js';
import { useTestApp } from '../setup/app.js';
import { runIndexCrates } from '../setup/indexer.js';
import { cargoFetch, fetchedVersion, hasCargo, sha256File } from './crate-files.js';

/**
 * A local registry's download host over real archives (cargo's cache): `dl` with markers, and
 * answers scripted per crate (503 before succeeding, 404, a corrupted body).
 */
function flakyDl(cacheDir: string, script: Record<string, ('503' | '404' | 'corrupt' | 'ok')[]>) {
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url!, 'http://x');
    if (url.pathname === '/index/config.json') return res.end(JSON.stringify({ dl: `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/files/{lowerprefix}/{crate}/{crate}-{version}.crate` }));
    const m = /^\/files\/.+\/([^/]+)\/\1-(.+)\.crate$/.exec(url.pathname);
    if (!m) return res.writeHead(404).end();
    hits.push(m[1]!);
    const next = script[m[1]!]?.shift() ?? 'ok';
    if (next === '503' || next === '404') return res.writeHead(Number(next)).end();
    const bytes = fs.readFileSync(path.join(cacheDir, `${m[1]}-${m[2]}.crate`));
    if (next === 'corrupt') bytes[100] ^= 0xff;
    res.writeHead(200, { 'content-type': 'application/gzip' }).end(bytes);
  });
  return { server, hits };
}

describe.skipIf(!hasCargo)('downloading archives from an index\'s dl', () => {
  const t = useTestApp();
  let fetched: { home: string; cacheDir: string };
  let dl: ReturnType<typeof flakyDl>;
  let base: string;
  const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-empty-cargo-'));

  beforeAll(async () => {
    fetched = cargoFetch({ itoa: '1', 'embedded-hal': '1', 'stable_deref_trait': '1' });
    await runIndexCrates(t.database, [cargoSparseIndex(fetched.home)!], { crates: ['itoa', 'embedded-hal', 'stable_deref_trait', 'nb'] });
    dl = flakyDl(fetched.cacheDir, { itoa: ['503', '503'], 'embedded-hal': ['corrupt'], stable_deref_trait: ['404'] });
    await new Promise<void>((r) => dl.server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(dl.server.address() as net.AddressInfo).port}/index/`;
  }, 120_000);
  afterAll(() => new Promise<void>((r) => dl?.server.close(() => r())));

  it('retries with backoff, refuses a checksum mismatch, reports a 404, and never stops the run', async () => {
    const store = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-dl-store-')));
    const lines: string[] = [];
    const out = new Writable({ write(c, _e, done) { lines.push(String(c)); done(); } });
    const r = await indexArchives(t.database, { store, cargoHome: emptyHome, upstreamIndex: base, crates: ['itoa', 'embedded-hal', 'stable_deref_trait'], backoffMs: 10, out });
    expect(r.downloaded).toBe(1);
    expect(r.refused).toBe(1);
    expect(r.failed).toBe(1);
    // itoa answered 503 twice, then the archive: three requests for it.
    expect(dl.hits.filter((h) => h === 'itoa')).toHaveLength(3);
    expect(lines.join('')).toMatch(/embedded-hal .*does not match the index cksum/);
    expect(lines.join('')).toMatch(/stable_deref_trait .*HTTP 404/);
    const itoa = fetchedVersion(fetched.cacheDir, 'itoa');
    expect((await archiveFacts(t.database.db, 'itoa', itoa))?.sha256).toBe(sha256File(path.join(fetched.cacheDir, `itoa-${itoa}.crate`)));
    expect(await archiveFacts(t.database.db, 'embedded-hal', fetchedVersion(fetched.cacheDir, 'embedded-hal'))).toBeNull();

    // A second run resumes: only what failed is asked for again, and now succeeds.
    dl.hits.length = 0;
    const again = await indexArchives(t.database, { store, cargoHome: emptyHome, upstreamIndex: base, crates: ['itoa', 'embedded-hal', 'stable_deref_trait'], backoffMs: 10, out });
    expect(again).toMatchObject({ downloaded: 2, refused: 0, failed: 0 });
    expect(dl.hits.sort()).toEqual(['embedded-hal', 'stable_deref_trait']);
  });

  it('downloads from the real registry cargo uses, when nothing is cached', async () => {
    const store = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-dl-real-')));
    const r = await indexArchives(t.database, { store, cargoHome: emptyHome, upstreamIndex: cargoSparseIndex(fetched.home), crates: ['nb'], out: new Writable({ write(_c, _e, d) { d(); } }) });
    expect(r).toMatchObject({ downloaded: 1, refused: 0, failed: 0 });
    const [nb] = await t.database.db.select({ v: packages.defaultVersion }).from(packages).where(eq(packages.name, 'nb'));
    const facts = await archiveFacts(t.database.db, 'nb', nb!.v!);
    expect(facts?.manifest.name).toBe('nb');
    expect(facts?.noStd.kind).not.toBe('unknown');
  }, 60_000);
});
