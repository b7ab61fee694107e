import { sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexDump } from '../../indexer/commands/index-dump.js';
import type { Progress } from '../../indexer/progress.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { writeDbDump } from '../setup/db-dump-fixture.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const quiet = () => {
  const lines: string[] = [];
  return { lines, out: new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } }) };
};

/** A dump in crates.io's exact column layout, about two indexed crates and one that is not. */
function fixtureTables() {
  return {
    crates: [
      { id: 1, name: 'candle-core', description: 'Minimalist ML framework.', repository: 'https://github.com/huggingface/candle', homepage: '', documentation: '', readme: '# candle, "quoted", with\nnewlines', created_at: '2023-08-01 10:00:00', updated_at: '2025-06-01 10:00:00', max_upload_size: '', max_features: '', trustpub_only: 'f' },
      { id: 2, name: 'embedded-hal', description: 'A Hardware Abstraction Layer (HAL) for embedded systems', repository: 'https://github.com/rust-embedded/embedded-hal', created_at: '2016-01-01 00:00:00', updated_at: '2024-01-09 00:00:00', trustpub_only: 'f' },
      { id: 3, name: 'not-indexed-here', description: 'A crate Ferrite has no index records for', created_at: '2020-01-01 00:00:00', updated_at: '2020-01-01 00:00:00', trustpub_only: 'f' },
    ],
    versions: [
      { id: 10, crate_id: 1, num: '0.9.1', license: 'MIT OR Apache-2.0', published_by: 100, downloads: 5000, created_at: '2025-04-01 00:00:00', yanked: 'f', features: '{}', num_no_build: '0.9.1' },
      { id: 20, crate_id: 2, num: '1.0.0', license: 'MIT OR Apache-2.0', published_by: 101, downloads: 900000, created_at: '2024-01-09 00:00:00', yanked: 'f', features: '{}', num_no_build: '1.0.0' },
    ],
    categories: [
      { id: 1, category: 'Science', slug: 'science', description: 'Crates related to solving problems involving math, physics, and other sciences.', path: 'root.science', crates_cnt: 1 },
      { id: 2, category: 'Machine learning', slug: 'science::ml', description: 'Crates to help with machine learning.', path: 'root.science.ml', crates_cnt: 1 },
      { id: 3, category: 'Embedded development', slug: 'embedded', description: 'Crates that are primarily useful on embedded devices.', path: 'root.embedded', crates_cnt: 1 },
    ],
    crates_categories: [{ crate_id: 1, category_id: 2 }, { crate_id: 2, category_id: 3 }],
    keywords: [{ id: 1, keyword: 'machine-learning', crates_cnt: 1 }, { id: 2, keyword: 'tensor', crates_cnt: 1 }, { id: 3, keyword: 'hal', crates_cnt: 1 }],
    crates_keywords: [{ crate_id: 1, keyword_id: 1 }, { crate_id: 1, keyword_id: 2 }, { crate_id: 2, keyword_id: 3 }],
    crate_owners: [
      { crate_id: 1, owner_id: 100, owner_kind: 0, created_at: '2023-08-01 10:00:00' },
      { crate_id: 2, owner_id: 7, owner_kind: 1, created_at: '2016-01-01 00:00:00' },
    ],
    users: [{ id: 100, gh_login: 'candle-maintainer', name: 'Candle Maintainer', gh_id: 1 }, { id: 101, gh_login: 'hal-publisher', name: '', gh_id: 2 }],
    teams: [{ id: 7, login: 'github:rust-embedded:hal', name: 'hal', github_id: 3 }],
    crate_downloads: [{ crate_id: 1, downloads: 1234567 }, { crate_id: 2, downloads: 98765432 }],
    version_downloads: [
      { version_id: 10, downloads: 100, date: '2026-11-24' },
      { version_id: 10, downloads: 50, date: '2026-10-01' },
      { version_id: 10, downloads: 999, date: '2026-01-01' }, // older than 90 days: not recent
      { version_id: 20, downloads: 7, date: '2026-11-24' },
    ],
  };
}

describe('importing a crates.io database dump', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await runIndexCrates(t.database, [realIndexFile('candle-core'), realIndexFile('embedded-hal')]);
  });

  it('adds descriptions, keywords, categories, downloads, owners and publishers to indexed crates', async () => {
    const file = await writeDbDump(fixtureTables());
    const { lines, out } = quiet();
    const r = await indexDump(t.database, file, { progress: silent, out });
    expect(lines).toEqual([]);
    expect(r).toMatchObject({ unchanged: false, cratesInDump: 3, packagesUpdated: 2, versionsUpdated: 2, owners: 2, categories: 3 });
    const candle = await expectJson(await t.app.request('/api/v1/crates/candle-core'), 200);
    expect(candle.crate).toMatchObject({
      description: 'Minimalist ML framework.', repository: 'https://github.com/huggingface/candle', homepage: null,
      downloads: 1234567, recent_downloads: 150, keywords: ['machine-learning', 'tensor'], categories: ['science::ml'],
    });
    const owners = await t.database.rows<{ login: string; kind: string }>(sql`select o.login, o.kind from registry_owners o join packages p on p.id = o.package_id order by p.name`);
    expect(owners).toEqual([{ login: 'candle-maintainer', kind: 'user' }, { login: 'github:rust-embedded:hal', kind: 'team' }]);
    const [v] = await t.database.rows<{ publisher: string; license: string }>(sql`select publisher, license from versions where num = '1.0.0' and package_id = (select id from packages where name = 'embedded-hal')`);
    expect(v).toEqual({ publisher: 'hal-publisher', license: 'MIT OR Apache-2.0' });
    const [cat] = await t.database.rows<{ parent_slug: string }>(sql`select parent_slug from categories where slug = 'science::ml'`);
    expect(cat!.parent_slug).toBe('science');
    const [nope] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from packages where name = 'not-indexed-here'`);
    expect(nope!.n).toBe(0);
  });

  it('skips a dump identical to the last one, and a new dump with the same facts changes nothing', async () => {
    const file = await writeDbDump(fixtureTables());
    const first = await indexDump(t.database, file, { progress: silent, out: quiet().out });
    expect(first).toMatchObject({ unchanged: false, packagesUpdated: 0, versionsUpdated: 0, categories: 0 });
    const again = await indexDump(t.database, file, { progress: silent, out: quiet().out });
    expect(again.unchanged).toBe(true);
  });

  it('reports malformed CSV rows and missing tables with the file and line, and imports the rest', async () => {
    const tables = fixtureTables();
    const { version_downloads: _dropped, ...withoutDownloads } = tables;
    const file = await writeDbDump(
      { ...withoutDownloads, crates: tables.crates.map((c) => (c.id === 1 ? { ...c, description: 'Updated description' } : c)) },
      { crates_keywords: '2,3,extra-column\n2\n' },
    );
    const { lines, out } = quiet();
    const r = await indexDump(t.database, file, { progress: silent, out });
    expect(r.unchanged).toBe(false);
    expect(lines).toEqual([
      expect.stringMatching(/^skipped: db-dump\.tar\.gz:2026-11-25-020000\/data\/crates_keywords\.csv:5: Invalid Record Length/),
      expect.stringMatching(/^skipped: db-dump\.tar\.gz:2026-11-25-020000\/data\/crates_keywords\.csv:6: Invalid Record Length/),
      'skipped: db-dump.tar.gz: table version_downloads is not in the dump',
    ]);
    const candle = await expectJson(await t.app.request('/api/v1/crates/candle-core'), 200);
    expect(candle.crate.description).toBe('Updated description');
  });
});
