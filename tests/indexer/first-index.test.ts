import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offerFirstIndex } from '../../indexer/commands/first-index.js';
import { STARTER_CRATES } from '../../indexer/starter-list.js';
import { useTestApp } from '../setup/app.js';
import { createCrate } from '../setup/factories.js';
import { realIndexFile, scratchIndex } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

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
