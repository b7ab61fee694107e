import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { offerFirstIndex } from '../../indexer/commands/first-index.js';
import { useTestApp } from '../setup/app.js';
import { realIndexFile, scratchIndex } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

describe('first start beside the real-data folder', () => {
  const t = useTestApp();
  afterEach(() => vi.unstubAllEnvs());

  it('loads the advisories it finds there', async () => {
    // A scratch folder in the data set's layout: one crate and two of its real advisory files.
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-seed-adv-'));
    fs.mkdirSync(path.join(root, 'crates-index'));
    fs.cpSync(scratchIndex({ tokio: fs.readFileSync(realIndexFile('tokio'), 'utf8') }), path.join(root, 'crates-index', 'index-full'), { recursive: true });
    for (const id of ['RUSTSEC-2023-0001', 'RUSTSEC-2021-0124']) {
      fs.cpSync(path.join(SHARED_DATA, 'rustsec-advisory-db', 'crates', 'tokio', `${id}.md`), path.join(root, 'rustsec-advisory-db', 'crates', 'tokio', `${id}.md`), { recursive: true });
    }
    // npm's starter packages come from a registry that is not there: reported in one line, not fatal.
    vi.stubEnv('NPM_REGISTRY_URL', 'http://127.0.0.1:9/');
    const lines: string[] = [];
    const out = new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } });
    await offerFirstIndex(t.database, { FERRITE_SEED_DATA: root }, { input: new PassThrough(), out });
    expect(lines).toContainEqual(expect.stringMatching(/^Read 2 advisory files in [\d.]+ s: 2 added, 0 changed, 0 unchanged, 0 skipped$/));
    const rows = await t.database.rows<{ id: string }>(sql`select id from advisories order by id`);
    expect(rows.map((r) => r.id)).toEqual(['RUSTSEC-2021-0124', 'RUSTSEC-2023-0001']);
    const api = await t.app.request('/api/v1/crates/tokio/1.23.0/advisories');
    expect((await api.json()).direct.map((a: { id: string }) => a.id)).toEqual(['RUSTSEC-2023-0001']);
  }, 120_000);
});
