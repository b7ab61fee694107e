import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { storeNpmPackage, upsertPackage } from '../../api/packages/write.js';
import { indexDump } from '../../indexer/commands/index-dump.js';
import { indexManifests } from '../../indexer/commands/index-manifests.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import type { Progress } from '../../indexer/progress.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { writeDbDump } from '../setup/db-dump-fixture.js';
import { realIndexFile, realLines, scratchIndex } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const DEEP = `${'['.repeat(5000)}${']'.repeat(5000)}`;
const BAD_NAMES = ['../../../etc/passwd', 'x<img src=x onerror=alert(1)>', '../../admin'];

function sink() {
  const lines: string[] = [];
  const out = new Writable({ write(c, _e, done) { lines.push(...String(c).split('\n').filter(Boolean)); done(); } });
  return { lines, out };
}

function scratchDir(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-poison-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

type Run = { status: string; problems: { file: string; line?: number; reason: string }[]; stats: Record<string, number> };

async function lastRun(t: ReturnType<typeof useTestApp>): Promise<Run> {
  const [run] = await t.database.rows<Run>(sql`select status, problems, stats from index_runs order by id desc limit 1`);
  return run!;
}

/** Every name and key the catalog and the checkpoints hold: none of the hostile names may be among them. */
async function storedNames(t: ReturnType<typeof useTestApp>): Promise<string[]> {
  const rows = await t.database.rows<{ name: string }>(sql`
    select name from packages union all select name_key from packages union all select key from indexed_files`);
  return rows.map((r) => r.name);
}

describe('poisoned crates.io index lines', () => {
  const t = useTestApp();

  it('skips each poisoned line with its file and line, stores the good ones, and finishes the run', async () => {
    const good = realLines('embedded-hal');
    const base = JSON.parse(good[0]!);
    const line = (over: Record<string, unknown>) => JSON.stringify({ ...base, ...over });
    const lines = [
      good[0]!,
      line({ vers: '90.0.0', features: { 'a\u0000b': [] } }), // 2: NUL in a feature name
      line({ vers: '90.0.1' }).replace(/}$/, `,"x":${DEEP}}`), // 3: nested 5,000 deep
      good[1]!,
      line({ vers: '90.0.2', features: { 'lone\ud800': [] } }), // 5: a lone surrogate
      line({ vers: '90.0.3', features: { 'x<img src=x onerror=alert(1)>': [] } }), // 6: not a feature name
      'nul\u0000here', // 7: not JSON, and the parser's message quotes the NUL
      line({ vers: '90.0.4', pubtime: 'yesterday' }), // 8: not a time
      line({ vers: '90.0.5', v: 70000 }), // 9: too large for the index format version
      line({ vers: '90.0.6', deps: [{ ...base.deps[0], name: 'x<y>' }] }), // 10: not a dependency name
      line({ name: '../../../etc/passwd', vers: '90.0.7' }), // 11: not a crate name
      good[2]!,
    ];
    const root = scratchIndex({ 'embedded-hal': lines.join('\n') + '\n' });
    const result = await runIndexCrates(t.database, [root]);

    expect(result.versionsWritten).toBe(3);
    expect(result.linesSkipped).toBe(9);
    const file = `${root}/em/be/embedded-hal`;
    const run = await lastRun(t);
    expect(run.status).toBe('completed');
    expect(run.problems.map((p) => [p.file, p.line])).toEqual([2, 3, 5, 6, 7, 8, 9, 10, 11].map((n) => [file, n]));
    const reasons = run.problems.map((p) => p.reason);
    expect(reasons[0]).toMatch(/NUL/);
    expect(reasons[1]).toMatch(/nested deeper than/);
    expect(reasons[2]).toMatch(/surrogate/);
    expect(reasons[3]).toMatch(/feature/);
    expect(reasons[4]).toMatch(/^not JSON/);
    expect(reasons[5]).toMatch(/pubtime/);
    expect(reasons[6]).toMatch(/^v:/);
    expect(reasons[7]).toMatch(/deps\.0\.name/);
    expect(reasons[8]).toMatch(/^name: .*crate name/);
    expect(result.output.filter((l) => l.startsWith(`skipped: ${file}:`))).toHaveLength(9);
    const body = await expectJson(await t.app.request('/api/v1/crates/embedded-hal/versions'), 200);
    expect(body.meta.total).toBe(3);
  });

  it('refuses a single index file whose crate name is not a crate name, and still loads the next input', async () => {
    const dir = scratchDir(Object.fromEntries(BAD_NAMES.slice(0, 2).map((name, i) => {
      const rec = JSON.parse(realLines('nb')[0]!);
      return [`poison-${i}.txt`, JSON.stringify({ ...rec, name }) + '\n'];
    })));
    const result = await runIndexCrates(t.database, [path.join(dir, 'poison-0.txt'), path.join(dir, 'poison-1.txt'), realIndexFile('nb')]);
    expect(result.versionsWritten).toBe(realLines('nb').length);
    expect(result.output).toEqual(expect.arrayContaining([
      expect.stringMatching(new RegExp(`^skipped: ${dir}/poison-0.txt: .*not a crate name`)),
      expect.stringMatching(new RegExp(`^skipped: ${dir}/poison-1.txt: .*not a crate name`)),
    ]));
    for (const bad of BAD_NAMES) expect(await storedNames(t)).not.toContain(bad);
  });

  it('never asks a sparse index for a name that is not a crate name', async () => {
    const asked: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      const url = String(input);
      asked.push(url);
      if (url.endsWith('/config.json')) return new Response('{"dl":"http://127.0.0.1:9/dl"}');
      return new Response('', { status: 404 });
    };
    const result = await runIndexCrates(t.database, ['http://127.0.0.1:9/index/'], { crates: ['../../admin', 'nb'], fetch: fetchStub });
    expect(asked.some((u) => u.includes('admin'))).toBe(false);
    expect(asked).toContain('http://127.0.0.1:9/index/2/nb');
    expect(result.output).toEqual(expect.arrayContaining([expect.stringMatching(/"\.\.\/\.\.\/admin".*not a crate name/)]));
    expect((await lastRun(t)).status).toBe('completed');
  });
});

describe('poisoned npm packuments', () => {
  const t = useTestApp();
  const suffix = String(Date.now());
  const manifest = (name: string, version: string, over: Record<string, unknown> = {}) => ({ name, version, ...over });
  const packument = (name: string, versions: Record<string, unknown>[], extra: Record<string, unknown> = {}) =>
    JSON.stringify({ name, 'dist-tags': { latest: (versions.at(-1) as { version: string }).version }, versions: Object.fromEntries(versions.map((v) => [(v as { version: string }).version, v])), ...extra });

  it('rejects bad names and deep nesting, cleans NUL and lone surrogates out of text, and stores the good documents', async () => {
    const nul = `nul-text-${suffix}`;
    const dir = scratchDir({
      'a-admin.json': packument('../../admin', [manifest('../../admin', '1.0.0')]),
      'b-xss.json': packument('x<img src=x onerror=alert(1)>', [manifest('x<img src=x onerror=alert(1)>', '1.0.0')]),
      'c-nul.json': packument(nul, [manifest(nul, '1.0.0', { description: 'before\u0000after', keywords: ['lone\udc00'] })], { time: { '1.0.0': 'not a date' } }),
      'd-deep.json': packument(`deep-${suffix}`, [manifest(`deep-${suffix}`, '1.0.0')]).replace(/}$/, `,"x":${DEEP}}`),
      'e-bad-version.json': packument(`bad-version-${suffix}`, [manifest(`bad-version-${suffix}`, '1.0.0'), manifest(`bad-version-${suffix}`, '2.0.0\u0000')]),
      'f-no-good-latest.json': JSON.stringify({ name: `no-latest-${suffix}`, 'dist-tags': { latest: '3.0.0' }, versions: { '1.0.0': manifest(`no-latest-${suffix}`, '1.0.0'), '2.0.0': { name: 5 } } }),
      'g-raw-nul.json': 'nul\u0000here',
      'h-good.json': fs.readFileSync(path.join(SHARED_DATA, 'npm-packuments', 'packuments', 'lightningcss.json'), 'utf8'),
    });
    const { lines, out } = sink();
    const r = await indexNpm(t.database, [dir], { progress: silent, out });

    expect(r).toMatchObject({ documents: 8, packagesStored: 4, skipped: 4 });
    const run = await lastRun(t);
    expect(run.status).toBe('completed');
    const problem = (file: string) => run.problems.find((p) => p.file === path.join(dir, file))?.reason;
    expect(problem('a-admin.json')).toMatch(/^name "\.\.\/\.\.\/admin": .*period/);
    expect(problem('b-xss.json')).toMatch(/URL-friendly/);
    expect(problem('d-deep.json')).toMatch(/nested deeper than/);
    expect(problem('e-bad-version.json')).toBe('version "2.0.0\ufffd": not a semantic version');
    expect(problem('g-raw-nul.json')).toMatch(/^not JSON/);
    expect(lines.filter((l) => l.startsWith(`skipped: ${dir}/`)).length).toBeGreaterThanOrEqual(5);

    const cleaned = await expectJson(await t.app.request(`/api/v1/npm/${nul}`), 200);
    expect(cleaned.description).toBe('before\ufffdafter');
    expect(cleaned.keywords).toEqual(['lone\ufffd']);
    expect((await expectJson(await t.app.request(`/api/v1/npm/bad-version-${suffix}`), 200)).versions.map((v: { version: string }) => v.version)).toEqual(['1.0.0']);
    await expectJson(await t.app.request(`/api/v1/npm/no-latest-${suffix}`), 200);
    await expectJson(await t.app.request('/api/v1/npm/lightningcss'), 200);
    for (const bad of BAD_NAMES) expect(await storedNames(t)).not.toContain(bad);
  });

  it('never fetches a name that is not an npm package name', async () => {
    const asked: string[] = [];
    const fetchStub: typeof fetch = async (input) => {
      asked.push(String(input));
      return new Response('{}', { status: 404 });
    };
    const { lines, out } = sink();
    await indexNpm(t.database, ['../../admin', `fine-${suffix}`], { registry: 'http://127.0.0.1:9/registry/', fetch: fetchStub, progress: silent, out });
    expect(asked).toEqual([`http://127.0.0.1:9/registry/fine-${suffix}`]);
    expect(lines.some((l) => /"\.\.\/\.\.\/admin".*period/.test(l))).toBe(true);
    expect((await lastRun(t)).status).toBe('completed');
  });
});

describe('poisoned manifests and database dumps', () => {
  const t = useTestApp();

  it('stores a manifest description with U+FFFD for its NUL and rejects a manifest whose name is not a crate name', async () => {
    await runIndexCrates(t.database, [realIndexFile('postcard')]);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-manifests-'));
    const write = (dir: string, toml: string) => {
      fs.mkdirSync(path.join(root, dir));
      fs.writeFileSync(path.join(root, dir, 'Cargo.toml'), toml);
    };
    write('a', '[package]\nname = "../../admin"\nversion = "0.1.0"\n');
    write('b', '[package]\nname = "postcard"\nversion = "1.0.0"\ndescription = "before\\u0000after"\n');
    const { lines, out } = sink();
    const r = await indexManifests(t.database, [root], { out });
    expect(r).toMatchObject({ manifests: 2, stored: 1, skipped: 1 });
    expect(lines).toEqual(expect.arrayContaining([expect.stringMatching(new RegExp(`^skipped: ${root}/a/Cargo.toml: .*not a crate name`))]));
    expect((await lastRun(t)).status).toBe('completed');
    const crate = await expectJson(await t.app.request('/api/v1/crates/postcard'), 200);
    expect(crate.crate.description).toBe('before\ufffdafter');
  });

  it('imports a dump whose text holds a NUL, with U+FFFD in its place', async () => {
    const file = await writeDbDump({
      crates: [{ id: 1, name: 'postcard', description: 'dump\u0000text', created_at: '2020-01-01 00:00:00', updated_at: '2020-01-01 00:00:00', trustpub_only: 'f' }],
    });
    await indexDump(t.database, file, { progress: silent, out: sink().out });
    const crate = await expectJson(await t.app.request('/api/v1/crates/postcard'), 200);
    expect(crate.crate.description).toBe('dump\ufffdtext');
  });
});

describe('the catalog itself', () => {
  const t = useTestApp();

  it('refuses to store a package under a name its ecosystem would refuse, whoever asks', async () => {
    await expect(upsertPackage(t.database.db, 'crates', '../../../etc/passwd')).rejects.toThrow(/not a crate name/);
    await expect(storeNpmPackage(t.database.db, '../../admin', {}, [])).rejects.toThrow(/period/);
    expect(await storedNames(t)).toEqual([]);
  });
});

