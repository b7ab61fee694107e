import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { realLines, scratchIndex } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const ferrite = (...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'bin', 'ferrite.js'), ...args], { encoding: 'utf8', env: { ...process.env, DATABASE_URL: '' } });

describe('ferrite analyze', () => {
  it('prints the documented JSON shape for crates and npm packages, with no database', () => {
    const index = scratchIndex({ tokio: realLines('tokio').join('\n') + '\n', 'cortex-m': realLines('cortex-m').join('\n') + '\n' });
    const packument = path.join(SHARED_DATA, 'npm-packuments', 'packuments', '@node-rs__argon2.json');
    const run = ferrite('analyze', index, packument, '--json');
    expect(run.status, run.stderr).toBe(0);
    const out = JSON.parse(run.stdout) as Record<string, unknown>[];
    expect(out.map((a) => a.name)).toEqual(['cortex-m', 'tokio', '@node-rs/argon2']);
    for (const a of out) {
      expect(Object.keys(a)).toEqual(expect.arrayContaining(['ecosystem', 'name', 'version', 'profiles', 'noStd', 'accelerators', 'msrv', 'evidence']));
      expect(Object.keys(a.profiles as object).sort()).toEqual(['cloud', 'embedded', 'wasm']);
    }
    expect(out[1]).toMatchObject({ ecosystem: 'crates', noStd: 'no', profiles: { cloud: 'yes' } });
    expect(out[2]).toMatchObject({ ecosystem: 'npm', rust: 'yes', binding: { kind: 'napi-rs' } });
    expect((out[2]!.evidence as { claim: string; source: string; detail: string }[])[0]).toEqual({ claim: expect.any(String), source: expect.any(String), detail: expect.any(String) });
  });

  it('reports a malformed line with its file and line number and analyses the rest', () => {
    const lines = realLines('cortex-m');
    const index = scratchIndex({ 'cortex-m': [lines[0], '{"name": "cortex-m", "vers": ', ...lines.slice(1)].join('\n') + '\n' });
    const run = ferrite('analyze', index, '--json');
    expect(run.status).toBe(0);
    expect(run.stderr).toMatch(/co\/rt\/cortex-m:2: not JSON/);
    const [a] = JSON.parse(run.stdout) as { name: string; version: string }[];
    expect(a).toMatchObject({ name: 'cortex-m', version: JSON.parse(lines.at(-1)!).vers });
  });

  it('prints a readable table without --json, and usage without paths', () => {
    const index = scratchIndex({ tokio: realLines('tokio').join('\n') + '\n' });
    const table = ferrite('analyze', index);
    expect(table.stdout).toMatch(/^package\s+version\s+cloud\s+wasm\s+embedded/);
    expect(table.stdout).toMatch(/1 crates \(\d+ versions\)/);
    const usage = ferrite('analyze');
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/Usage: ferrite analyze/);
  });
});
