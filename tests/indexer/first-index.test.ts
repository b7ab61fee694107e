import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parse as parseToml } from 'smol-toml';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offerFirstIndex } from '../../indexer/commands/first-index.js';
import { STARTER_CRATES } from '../../indexer/starter-list.js';
import { useTestApp } from '../setup/app.js';
import { createCrate } from '../setup/factories.js';
import { realIndexFile, realLines, scratchIndex } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { defaultVersion } from '../../api/engine/formats/versions-order.js';
import { cargoFetch, fileInArchive, hasCargo } from '../archives/crate-files.js';

function io() {
  const lines: string[] = [];
  const input = Object.assign(new PassThrough(), { isTTY: false });
  const out = new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } });
  return { lines, input, out };
}

const count = async (t: ReturnType<typeof useTestApp>) =>
  (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from packages`))[0]!.n;

describe('first indexing of an empty catalog', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());

  it('does nothing when turned off', async () => {
    const s = io();
    await offerFirstIndex(t.database, { FERRITE_FIRST_INDEX: '0', FERRITE_CRATES_INDEX: '/x' }, s);
    expect(s.lines).toEqual([]);
    expect(await count(t)).toBe(0);
  });

  it('indexes the starter crates from a local index without waiting for input, and reports an unreachable registry in one line', async () => {
    const some = ['embedded-hal', 'heapless', 'cudarc'];
    expect(STARTER_CRATES).toEqual(expect.arrayContaining(some));
    const root = scratchIndex(Object.fromEntries(some.map((n) => [n, fs.readFileSync(realIndexFile(n), 'utf8')])));
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/'); // nothing listens on port 9
    const s = io();
    await offerFirstIndex(t.database, { FERRITE_CRATES_INDEX: root }, s);
    expect(s.lines[0]).toMatch(/^The catalog is empty: indexing the starter list/);
    expect(s.lines.filter((l) => l.startsWith('skipped the npm registry: cannot reach http://127.0.0.1:9/'))).toHaveLength(1);
    expect(await count(t)).toBe(some.length);
  });

  it('leaves a catalog that has packages alone', async () => {
    await createCrate(t.database);
    const s = io();
    await offerFirstIndex(t.database, { FERRITE_CRATES_INDEX: '/does/not/matter' }, s);
    expect(s.lines).toEqual([]);
  });
});

describe('first indexing without a crates index configured', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());

  it('says which variable to set, in one line', async () => {
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/');
    const s = io();
    await offerFirstIndex(t.database, { FERRITE_SEED_DATA: path.join(os.tmpdir(), 'no-such-ferrite-data') }, s);
    expect(s.lines).toContain('skipped crates: no crates index configured (set FERRITE_CRATES_INDEX to an index directory or .tar.gz, or FERRITE_CRATES_SPARSE_URL)');
  });
});

describe('first indexing beside the real-data folder', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());

  it('reads crates, their Cargo.toml files and the category tree from it when no source is configured', async () => {
    // A scratch folder in the data set's layout, holding a few of its real files.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-seed-'));
    const index = scratchIndex(Object.fromEntries(['cudarc', 'heapless'].map((n) => [n, fs.readFileSync(realIndexFile(n), 'utf8')])));
    fs.mkdirSync(path.join(root, 'crates-index'));
    fs.cpSync(index, path.join(root, 'crates-index', 'index-full'), { recursive: true });
    fs.cpSync(path.join(SHARED_DATA, 'crate-metadata', 'manifests', 'raw', 'coreylowman__cudarc'), path.join(root, 'crate-metadata', 'manifests', 'raw', 'coreylowman__cudarc'), { recursive: true });
    fs.cpSync(path.join(SHARED_DATA, 'crates-io-categories'), path.join(root, 'crates-io-categories'), { recursive: true });
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/');
    const s = io();
    await offerFirstIndex(t.database, { FERRITE_SEED_DATA: root }, s);
    expect(s.lines).toContain(`crates: from the data set at ${root} (set FERRITE_CRATES_INDEX or FERRITE_CRATES_SPARSE_URL to use another source)`);
    expect(await count(t)).toBe(2);
    const [cudarc] = await t.database.rows<{ description: string | null }>(sql`select description from packages where name = 'cudarc'`);
    expect(cudarc!.description).toMatch(/CUDA/i);
    const [cats] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from categories`);
    expect(cats!.n).toBeGreaterThan(50);
  });
});

describe.skipIf(!hasCargo)('first indexing with the archive step', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());
  const some = ['nb', 'critical-section'];
  const newest = (n: string) => defaultVersion(realLines(n).map((l) => JSON.parse(l) as { vers: string; yanked: boolean }).map((r) => ({ num: r.vers, yanked: r.yanked })))!;

  it('fills descriptions from each crate\'s newest archive in cargo\'s cache, and goes on when the registry cannot be reached', async () => {
    // cargo's own cache, filled by the real cargo with exactly the versions the index calls newest.
    const fetched = cargoFetch(Object.fromEntries(some.map((n) => [n, `=${newest(n)}`])));
    const root = scratchIndex(Object.fromEntries(some.map((n) => [n, fs.readFileSync(realIndexFile(n), 'utf8')])));
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/');
    const s = io();
    const store = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-first-store-')));
    await offerFirstIndex(t.database, { FERRITE_CRATES_INDEX: root }, s, { store, cargoHome: fetched.home, upstreamIndex: 'http://127.0.0.1:9/' });
    expect(s.lines).toContain(`archives: each crate's newest version, from cargo's cache (${fetched.home}) first, then http://127.0.0.1:9/; progress every 5 s`);
    expect(s.lines.find((l) => l.startsWith('Archives in'))).toMatch(/: 2 imported from cargo's cache/);
    const rows = await t.database.rows<{ name: string; description: string | null }>(sql`select name, description from packages order by name`);
    for (const r of rows) {
      const pkg = (parseToml(fileInArchive(path.join(fetched.cacheDir, `${r.name}-${newest(r.name)}.crate`), `${r.name}-${newest(r.name)}/Cargo.toml`)) as { package: { description: string } }).package;
      expect(r.description, r.name).toBe(pkg.description.trim());
    }
  }, 120_000);
});

describe('first indexing without the data set', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());

  it('reads the starter list from the registry cargo uses; an unreachable one is reported and the start goes on', async () => {
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/');
    const s = io();
    const store = new ArchiveStore(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-first-store-')));
    const emptyHome = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-empty-cargo-'));
    await offerFirstIndex(t.database, { FERRITE_SEED_DATA: path.join(os.tmpdir(), 'no-such-ferrite-data') }, s, { store, cargoHome: emptyHome, upstreamIndex: 'http://127.0.0.1:9/' });
    expect(s.lines).toContain('crates: the starter list from http://127.0.0.1:9/, the registry cargo on this machine uses (set FERRITE_CRATES_INDEX or FERRITE_CRATES_SPARSE_URL to use another source)');
    expect(s.lines.filter((l) => l.startsWith('skipped http://127.0.0.1:9/: '))).toHaveLength(1);
    expect(s.lines.find((l) => l.startsWith('Archives in'))).toMatch(/0 imported .* 0 downloaded, 0 refused \(checksum or size\), 0 failed/);
    expect(await count(t)).toBe(0);
  });
});
