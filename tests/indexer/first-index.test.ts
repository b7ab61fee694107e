import fs from 'node:fs';
import { PassThrough, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offerFirstIndex } from '../../indexer/commands/first-index.js';
import { STARTER_CRATES } from '../../indexer/starter-list.js';
import { useTestApp } from '../setup/app.js';
import { createCrate } from '../setup/factories.js';
import { realIndexFile, scratchIndex } from '../setup/index-fixtures.js';

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
    await offerFirstIndex(t.database, {}, s);
    expect(s.lines).toContain('skipped crates: no crates index configured (set FERRITE_CRATES_INDEX to an index directory or .tar.gz, or FERRITE_CRATES_SPARSE_URL)');
  });
});
