import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { refreshSnapshot, SNAPSHOT_MAX_AGE_MS } from '../../api/export/snapshot.js';
import { expectProblem, useTestApp } from '../setup/app.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

async function entryNames(file: string): Promise<string[]> {
  const names: string[] = [];
  const extract = tar.extract();
  fs.createReadStream(file).pipe(createGunzip()).pipe(extract);
  for await (const entry of extract) {
    names.push(entry.header.name);
    entry.resume();
  }
  return names;
}

describe('the daily export snapshot at a stable URL', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-exports-'));
  const t = useTestApp({ exportsDir: dir });
  beforeAll(async () => {
    await runIndexCrates(t.database, [realIndexFile('heapless'), realIndexFile('embedded-hal')]);
  });

  it('answers 404 problem+json until a snapshot is written', async () => {
    await expectProblem(await t.app.request('/api/v1/export/latest.tar.gz'), 404, 'notFound');
  });

  it('writes one when none exists or it is a day old, and not more often', async () => {
    const now = new Date();
    const first = await refreshSnapshot(t.database, dir, now);
    expect(first?.rows.crates).toBeGreaterThanOrEqual(2);
    expect(await refreshSnapshot(t.database, dir, new Date(now.getTime() + SNAPSHOT_MAX_AGE_MS / 2))).toBeNull();
    // The file's time is the write's, a little after `now`; a day and a minute later it is due again.
    const again = await refreshSnapshot(t.database, dir, new Date(Date.now() + SNAPSHOT_MAX_AGE_MS + 60_000));
    expect(again?.file).toBe(path.join(dir, 'latest.tar.gz'));
  });

  it('streams it as application/gzip with its length, and answers 304 to a matching ETag', async () => {
    const res = await t.app.request('/api/v1/export/latest.tar.gz');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/gzip');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.equals(fs.readFileSync(path.join(dir, 'latest.tar.gz')))).toBe(true);
    expect(res.headers.get('content-length')).toBe(String(bytes.length));
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="ferrite-db-dump-\d{4}-\d{2}-\d{2}\.tar\.gz"$/);
    const etag = res.headers.get('etag')!;
    const cached = await t.app.request('/api/v1/export/latest.tar.gz', { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });

  it('`ferrite export --out` writes the same layout from the command line', async () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-export-cli-'));
    const out = path.join(work, 'dump.tar.gz');
    const child = spawn(process.execPath, [path.join(ROOT, 'bin', 'ferrite.js'), 'export', '--out', out], {
      env: { ...process.env, DATABASE_URL: '', FERRITE_DATA_DIR: path.join(work, 'data'), LOG_LEVEL: 'silent' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    const code = await new Promise((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(stdout).toMatch(/^Exported .*dump\.tar\.gz/);
    const names = await entryNames(out);
    expect(names.filter((n) => n.endsWith('metadata.json'))).toHaveLength(1);
    expect(names.some((n) => /\/data\/crates\.csv$/.test(n))).toBe(true);
    expect(names.some((n) => /\/data\/ferrite_compat_claims\.csv$/.test(n))).toBe(true);
    expect((await t.app.request('/api/v1/export/latest.tar.gz', { method: 'HEAD' })).status).toBe(200);
  }, 60_000);
});
