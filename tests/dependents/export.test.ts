import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { parse } from 'csv-parse/sync';
import { sql } from 'drizzle-orm';
import tar from 'tar-stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../api/db/client.js';
import { refreshDependents } from '../../api/dependents/refresh.js';
import { DUMP_LAYOUT, FERRITE_LAYOUT } from '../../api/export/layout.js';
import { writeExport } from '../../api/export/write.js';
import { indexCategories } from '../../indexer/commands/index-categories.js';
import { indexDump } from '../../indexer/commands/index-dump.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import type { Progress } from '../../indexer/progress.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { useTestApp } from '../setup/app.js';
import { freshDatabase } from '../setup/db.js';
import { dumpColumns, writeDbDump } from '../setup/db-dump-fixture.js';
import { INDEX_FULL, INDEX_RECENT } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const sink = () => {
  const lines: string[] = [];
  return { lines, out: new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } }) };
};

/** Every file of a .tar.gz, by name (the test archives are a few MB). */
async function readArchive(file: string): Promise<Map<string, string>> {
  const files = new Map<string, string>();
  const extract = tar.extract();
  fs.createReadStream(file).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    const chunks: Buffer[] = [];
    for await (const c of entry) chunks.push(c as Buffer);
    files.set(entry.header.name, Buffer.concat(chunks).toString('utf8'));
  }
  return files;
}

/**
 * The catalog as a user sees it, with nothing that depends on insertion order or import time:
 * crates with their registry facts, versions with their index facts (features merged, as the dump
 * keeps them), dependencies as sorted sets, and the category tree.
 */
async function catalogOf(database: Database) {
  const crates = await database.rows(sql`
    select p.name, p.description, p.homepage, p.documentation, p.repository, p.license, p.downloads::float8 as downloads,
           (select array_agg(k order by k) from unnest(p.keywords) k) as keywords, (select array_agg(c order by c) from unnest(p.categories) c) as categories,
           p.default_version, p.max_version, p.version_count
    from packages p where p.ecosystem = 'crates' order by p.name_key`);
  const versions = (await database.rows<{ crate: string; num: string; yanked: boolean; cksum: string; features: object | null; features2: object | null; links: string | null; rust_version: string | null; license: string | null; publisher: string | null; downloads: number | null; deps: { name: string; package?: string; req: string; features: string[]; optional: boolean; default_features: boolean; target: string | null; kind: string | null }[] }>(sql`
    select p.name as crate, v.num, v.yanked, v.cksum, v.features, v.features2, v.links, v.rust_version, v.license, v.publisher, v.downloads::float8 as downloads, v.deps
    from versions v join packages p on p.id = v.package_id where p.ecosystem = 'crates' order by p.name_key, v.num`)).map((v) => ({
    ...v,
    features: sortKeys({ ...(v.features ?? {}), ...(v.features2 ?? {}) }),
    features2: undefined,
    deps: v.deps.map((d) => JSON.stringify([d.name, d.package ?? null, d.req, d.features, d.optional, d.default_features, d.target, d.kind ?? 'normal'])).sort(),
  }));
  const categories = await database.rows(sql`select slug, name, description, parent_slug from categories order by slug`);
  return { crates, versions, categories };
}
const sortKeys = (o: Record<string, unknown>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

describe('bulk export in crates.io\'s db-dump layout, and back', () => {
  const t = useTestApp();
  let archive: string;
  let files: Map<string, string>;
  let copy: Database;

  beforeAll(async () => {
    await runIndexCrates(t.database, [INDEX_FULL, INDEX_RECENT]);
    await indexCategories(t.database, path.join(SHARED_DATA, 'crates-io-categories', 'categories.toml'));
    await indexNpm(t.database, [path.join(SHARED_DATA, 'npm-packuments', 'packuments')], { progress: silent, out: sink().out });
    // Registry facts the index lacks, for two real crates, as a crates.io dump gives them.
    const dump = await writeDbDump({
      crates: [
        { id: 1, name: 'candle-core', description: 'Minimalist ML framework.', repository: 'https://github.com/huggingface/candle', created_at: '2023-08-01 10:00:00', updated_at: '2025-06-01 10:00:00', trustpub_only: 'f' },
        { id: 2, name: 'embedded-hal', description: 'A Hardware Abstraction Layer (HAL) for embedded systems', homepage: 'https://example.org/hal, "quoted"', created_at: '2016-01-01 00:00:00', updated_at: '2024-01-09 00:00:00', trustpub_only: 'f' },
      ],
      versions: [{ id: 20, crate_id: 2, num: '1.0.0', license: 'MIT OR Apache-2.0', published_by: 101, downloads: 900000, created_at: '2024-01-09 00:00:00', yanked: 'f', features: '{}' }],
      categories: [{ id: 3, category: 'Embedded development', slug: 'embedded', description: 'Crates that are primarily useful on embedded devices.', path: 'root.embedded' }],
      crates_categories: [{ crate_id: 2, category_id: 3 }, { crate_id: 1, category_id: 3 }],
      keywords: [{ id: 1, keyword: 'tensor' }, { id: 3, keyword: 'hal' }],
      crates_keywords: [{ crate_id: 1, keyword_id: 1 }, { crate_id: 2, keyword_id: 3 }],
      crate_owners: [{ crate_id: 2, owner_id: 7, owner_kind: 1 }, { crate_id: 1, owner_id: 101, owner_kind: 0 }],
      users: [{ id: 101, gh_login: 'hal-publisher', name: 'Hal Publisher' }],
      teams: [{ id: 7, login: 'github:rust-embedded:hal', name: 'hal' }],
      crate_downloads: [{ crate_id: 2, downloads: 98765432 }],
      version_downloads: [],
    });
    await indexDump(t.database, dump, { progress: silent, out: sink().out });
    await runCompatPass(t.database);
    await refreshDependents(t.database);
    archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-export-test-')), 'export.tar.gz');
    await writeExport(t.database, archive, { now: new Date('2026-12-01T02:00:00Z') });
    files = await readArchive(archive);
    copy = await freshDatabase();
  }, 300_000);
  afterAll(async () => {
    await copy?.close();
  });

  const table = (name: string) => parse(files.get(`2026-12-01-020000/data/${name}.csv`)!, { columns: true }) as Record<string, string>[];

  it('keeps exactly the public tables and columns of crates.io\'s dump-db.toml, with metadata.json', () => {
    const published = Object.fromEntries(Object.entries(dumpColumns()).filter(([, columns]) => columns.length > 0));
    expect(Object.fromEntries(Object.entries(DUMP_LAYOUT).map(([k, v]) => [k, [...v]]))).toEqual(published);
    for (const [name, columns] of Object.entries({ ...DUMP_LAYOUT, ...FERRITE_LAYOUT })) {
      const text = files.get(`2026-12-01-020000/data/${name}.csv`);
      expect(text, name).toBeDefined();
      expect(text!.split('\n')[0]).toBe(columns.join(','));
    }
    const meta = JSON.parse(files.get('2026-12-01-020000/metadata.json')!);
    expect(meta.timestamp).toBe('2026-12-01T02:00:00.000Z');
    expect(meta.ferrite.tables.crates).toBe(table('crates').length);
    expect(files.has('2026-12-01-020000/README.md')).toBe(true);
  });

  it('every row points at rows the archive has, as a database with crates.io\'s foreign keys needs', () => {
    const crateIds = new Set(table('crates').map((c) => c.id));
    const versionIds = new Set(table('versions').map((v) => v.id));
    const users = new Set(table('users').map((u) => u.id));
    const teams = new Set(table('teams').map((u) => u.id));
    expect(table('dependencies').length).toBeGreaterThan(10_000);
    for (const d of table('dependencies')) {
      expect(crateIds.has(d.crate_id), JSON.stringify(d)).toBe(true);
      expect(versionIds.has(d.version_id)).toBe(true);
    }
    for (const v of table('versions')) expect(crateIds.has(v.crate_id)).toBe(true);
    for (const o of table('crate_owners')) expect((o.owner_kind === '1' ? teams : users).has(o.owner_id)).toBe(true);
    for (const d of table('default_versions')) expect(versionIds.has(d.version_id)).toBe(true);
    const categories = new Set(table('categories').map((c) => c.id));
    for (const c of table('crates_categories')) expect(categories.has(c.category_id)).toBe(true);
  });

  it('adds Ferrite\'s own tables: every compatibility claim with its evidence, bindings, reverse-dependency counts', async () => {
    const [n] = await t.database.rows<{ claims: number; bindings: number; counts: number }>(sql`
      select (select count(*) from compat_claims)::int as claims, (select count(*) from bindings)::int as bindings, (select count(*) from dependent_counts)::int as counts`);
    expect(n!.claims).toBeGreaterThan(0);
    expect(table('ferrite_compat_claims').length).toBe(n!.claims);
    expect(table('ferrite_bindings').length).toBe(n!.bindings);
    expect(table('ferrite_dependents').length).toBe(n!.counts);
    const claim = table('ferrite_compat_claims')[0]!;
    expect(Array.isArray(JSON.parse(claim.evidence!))).toBe(true);
  });

  it('imported into a fresh hub with `index dump --add-crates`, it gives the same catalog', async () => {
    const { lines, out } = sink();
    const r = await indexDump(copy, archive, { progress: silent, out, addCrates: true });
    expect(lines).toEqual([]);
    expect(r).toMatchObject({ unchanged: false, cratesAdded: table('crates').filter((c) => c.updated_at !== '').length });
    const [a, b] = [await catalogOf(t.database), await catalogOf(copy)];
    expect(b.crates.length).toBe(a.crates.length);
    expect(b.categories).toEqual(a.categories);
    expect(b.crates).toEqual(a.crates);
    expect(b.versions.length).toBe(a.versions.length);
    expect(b.versions).toEqual(a.versions);
  }, 300_000);

  it('a dump row that makes no valid index line is reported with its crate and line, and the rest of the crate is added', async () => {
    const good = 'a'.repeat(64);
    const file = await writeDbDump({
      crates: [{ id: 1, name: 'zz-roundtrip-probe', description: 'probe', created_at: '2026-01-01 00:00:00', updated_at: '2026-01-01 00:00:00' }, { id: 2, name: 'serde' }],
      versions: [
        { id: 10, crate_id: 1, num: '0.1.0', yanked: 'f', features: '{}', tar_sha256: good, created_at: '2026-01-01 00:00:00' },
        { id: 11, crate_id: 1, num: '0.2.0', yanked: 'f', features: '{}', tar_sha256: 'not-a-checksum', created_at: '2026-01-02 00:00:00' },
      ],
      dependencies: [{ id: 1, version_id: 10, crate_id: 2, req: '^1', optional: 'f', default_features: 't', features: '{derive}', kind: 0 }],
      categories: [], crates_categories: [], keywords: [], crates_keywords: [], crate_owners: [], users: [], teams: [], crate_downloads: [], version_downloads: [],
    });
    const { lines, out } = sink();
    const r = await indexDump(copy, file, { progress: silent, out, addCrates: true });
    expect(r).toMatchObject({ cratesAdded: 1, versionsAdded: 1 });
    expect(lines).toEqual([expect.stringMatching(/^skipped: db-dump\.tar\.gz:crates\/zz-roundtrip-probe:2: cksum: cksum must be 64 lower-case hex digits/)]);
    const [v] = await copy.rows<{ num: string; deps: unknown }>(sql`select v.num, v.deps from versions v join packages p on p.id = v.package_id where p.name = 'zz-roundtrip-probe'`);
    expect(v).toEqual({ num: '0.1.0', deps: [{ name: 'serde', req: '^1', features: ['derive'], optional: false, default_features: true, target: null, kind: 'normal' }] });
  });
});
