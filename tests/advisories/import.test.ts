import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { parseAdvisory } from '../../api/engine/formats/advisory.js';
import { indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { useTestApp } from '../setup/app.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const ADVISORY_DB = path.join(SHARED_DATA, 'rustsec-advisory-db');

const quiet = () => {
  const lines: string[] = [];
  return { lines, out: new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } }) };
};

/** Every advisory file under crates/, as the database lays them out. */
function advisoryFiles(): { dir: string; file: string }[] {
  const root = path.join(ADVISORY_DB, 'crates');
  return fs.readdirSync(root).flatMap((dir) => fs.readdirSync(path.join(root, dir)).filter((f) => f.endsWith('.md')).map((f) => ({ dir, file: path.join(root, dir, f) })));
}

/** A scratch copy of some advisory files (in the OS temp dir), to change and break. */
function scratchDb(files: string[]): string {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-advisories-'));
  for (const rel of files) {
    fs.mkdirSync(path.join(root, path.dirname(rel)), { recursive: true });
    fs.copyFileSync(path.join(ADVISORY_DB, rel), path.join(root, rel));
  }
  return root;
}

describe('reading advisory files', () => {
  it('parses every real advisory file, or reports why not', () => {
    const files = advisoryFiles();
    expect(files.length).toBeGreaterThan(10);
    const failures = files.map((f) => ({ f, r: parseAdvisory(fs.readFileSync(f.file, 'utf8'), f.dir) })).filter((x) => !x.r.ok);
    // The whole database parses today; a failure would name its file and reason here.
    expect(failures.map((x) => `${x.f.file}: ${(x.r as { reason: string }).reason}`)).toEqual([]);
  });

  it('reads the front matter, title and description of a real advisory as written', () => {
    const r = parseAdvisory(fs.readFileSync(path.join(ADVISORY_DB, 'crates', 'h2', 'RUSTSEC-2024-0003.md'), 'utf8'), 'h2');
    expect(r).toMatchObject({
      ok: true,
      advisory: {
        id: 'RUSTSEC-2024-0003', package: 'h2', date: '2024-01-17', url: null,
        references: ['https://github.com/Netflix/security-bulletins/blob/master/advisories/third-party/2019-002.md'],
        categories: ['denial-of-service'], keywords: ['http', 'http2', 'h2'], related: ['CVE-2019-9514'], aliases: ['GHSA-8r5v-vm4m-4g25'],
        cvss: null, informational: null, withdrawn: null, patched: ['^0.3.24', '>= 0.4.2'], unaffected: [],
        title: 'Resource exhaustion vulnerability in h2 may lead to Denial of Service (DoS)',
      },
    });
    if (r.ok) expect(r.advisory.description).toMatch(/^An attacker with an HTTP\/2 connection/);
  });

  it('keeps informational kinds, withdrawn dates and affected functions', () => {
    const read = (rel: string) => parseAdvisory(fs.readFileSync(path.join(ADVISORY_DB, 'crates', rel), 'utf8'), path.dirname(rel));
    expect(read('markdown/RUSTSEC-2022-0044.md')).toMatchObject({ ok: true, advisory: { informational: 'unmaintained', withdrawn: '2025-04-28', patched: ['>= 1.0.0-alpha.1'] } });
    expect(read('tokio/RUSTSEC-2023-0005.md')).toMatchObject({ ok: true, advisory: { informational: 'unsound' } });
    const tokio = read('tokio/RUSTSEC-2023-0001.md');
    expect(tokio).toMatchObject({ ok: true, advisory: { affected: { os: ['windows'], arch: [], functions: {} }, cvss: null } });
    expect(read('hyper/RUSTSEC-2021-0020.md')).toMatchObject({ ok: true, advisory: { cvss: 'CVSS:3.1/AV:N/AC:H/PR:N/UI:N/S:U/C:H/I:H/A:H', patched: ['>= 0.14.3', '0.13.10', '0.12.36'] } });
  });

  it('refuses broken files with a reason', () => {
    const good = fs.readFileSync(path.join(ADVISORY_DB, 'crates', 'h2', 'RUSTSEC-2024-0003.md'), 'utf8');
    expect(parseAdvisory('# no front matter')).toEqual({ ok: false, reason: 'no ```toml front matter at the top' });
    expect(parseAdvisory(good.replace('id = "RUSTSEC-2024-0003"', 'id = "RUSTSEC-24-3"'))).toEqual({ ok: false, reason: 'advisory.id: an id is RUSTSEC-YYYY-NNNN' });
    expect(parseAdvisory(good.replace('"^0.3.24"', '"not a version"'))).toEqual({ ok: false, reason: 'versions.patched.0: not a Cargo version requirement' });
    expect(parseAdvisory(good.replace('[versions]', '[versions')).ok).toBe(false);
    expect(parseAdvisory(good, 'hyper')).toEqual({ ok: false, reason: "package 'h2' is filed under crates/hyper/" });
    expect(parseAdvisory(good.replace(/\n# .*\n/, '\n'))).toMatchObject({ ok: false, reason: expect.stringMatching(/no Markdown title/) });
  });
});

describe('ferrite index advisories', () => {
  const t = useTestApp();
  const count = async () => (await t.database.rows<{ n: number }>(sql`select count(*)::int as n from advisories`))[0]!.n;

  it('stores every advisory of the database, and a second run writes nothing', async () => {
    const expected = advisoryFiles().length;
    const first = await indexAdvisories(t.database, [ADVISORY_DB], { out: quiet().out });
    expect(first).toMatchObject({ files: expected, added: expected, changed: 0, skipped: 0 });
    expect(await count()).toBe(expected);
    const [before] = await t.database.rows<{ max: string }>(sql`select max(updated_at)::text as max from advisories`);
    const second = await indexAdvisories(t.database, [ADVISORY_DB], { out: quiet().out });
    expect(second).toMatchObject({ files: expected, added: 0, changed: 0, unchanged: expected, skipped: 0 });
    const [after] = await t.database.rows<{ max: string }>(sql`select max(updated_at)::text as max from advisories`);
    expect(after!.max).toBe(before!.max);
    const [h2] = await t.database.rows<{ patched: string[]; source_path: string; aliases: string[] }>(sql`select patched, source_path, aliases from advisories where id = 'RUSTSEC-2024-0003'`);
    expect(h2).toEqual({ patched: ['^0.3.24', '>= 0.4.2'], source_path: 'crates/h2/RUSTSEC-2024-0003.md', aliases: ['GHSA-8r5v-vm4m-4g25'] });
  }, 120_000);

  it('updates a changed file, reports a broken one with its path and reason, and goes on', async () => {
    const root = scratchDb(['crates/h2/RUSTSEC-2024-0003.md', 'crates/tokio/RUSTSEC-2023-0001.md']);
    const h2 = path.join(root, 'crates/h2/RUSTSEC-2024-0003.md');
    fs.writeFileSync(h2, fs.readFileSync(h2, 'utf8').replace('patched = ["^0.3.24", ">= 0.4.2"]', 'patched = ["^0.3.24", ">= 0.4.3"]'));
    const tokio = path.join(root, 'crates/tokio/RUSTSEC-2023-0001.md');
    fs.writeFileSync(tokio, fs.readFileSync(tokio, 'utf8').replace('[versions]', '[versions'));
    const { lines, out } = quiet();
    const r = await indexAdvisories(t.database, [root, path.join(root, 'missing')], { out });
    expect(r).toMatchObject({ files: 2, added: 0, changed: 1, unchanged: 0, skipped: 2 });
    expect(lines).toContainEqual(expect.stringMatching(new RegExp(`^skipped: ${tokio.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: front matter is not TOML`)));
    expect(lines).toContainEqual(expect.stringMatching(/missing: ENOENT/));
    const [row] = await t.database.rows<{ patched: string[] }>(sql`select patched from advisories where id = 'RUSTSEC-2024-0003'`);
    expect(row!.patched).toEqual(['^0.3.24', '>= 0.4.3']);
    // The broken file's advisory keeps what the last good read stored.
    const [kept] = await t.database.rows<{ n: number }>(sql`select count(*)::int as n from advisories where id = 'RUSTSEC-2023-0001'`);
    expect(kept!.n).toBe(1);
    const [run] = await t.database.rows<{ problems: { file: string; reason: string }[] }>(sql`select problems from index_runs where command = 'index advisories' order by id desc limit 1`);
    expect(run!.problems.map((p) => p.file)).toContain(tokio);
  });

  it('reads a .tar.gz of the database', async () => {
    const root = scratchDb(['crates/h2/RUSTSEC-2024-0003.md', 'crates/bytes/RUSTSEC-2026-0007.md']);
    const archive = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-adv-tgz-')), 'advisory-db.tar.gz');
    const { execFileSync } = await import('node:child_process');
    execFileSync('tar', ['-czf', archive, '-C', path.dirname(root), path.basename(root)]);
    const r = await indexAdvisories(t.database, [archive], { out: quiet().out });
    // h2's row was changed by the test before; the archive holds the original again.
    expect(r).toMatchObject({ files: 2, skipped: 0, added: 0, changed: 1, unchanged: 1 });
  });
});
