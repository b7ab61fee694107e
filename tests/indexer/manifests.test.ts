import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { beforeAll, describe, expect, it } from 'vitest';
import { indexManifests } from '../../indexer/commands/index-manifests.js';
import { noStdAttribute, readManifest } from '../../api/engine/formats/manifest.js';
import { expectJson, useTestApp } from '../setup/app.js';
import { createCrate } from '../setup/factories.js';
import { realIndexFile } from '../setup/index-fixtures.js';
import { runIndexCrates } from '../setup/indexer.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const RAW = path.join(SHARED_DATA, 'crate-metadata', 'manifests', 'raw');
const quiet = () => {
  const lines: string[] = [];
  return { lines, out: new Writable({ write(c, _e, d) { lines.push(...String(c).split('\n').filter(Boolean)); d(); } }) };
};

function hasCargo(): boolean {
  try {
    execFileSync('cargo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('reading Cargo.toml', () => {
  it('takes docs.rs targets, categories and target-specific dependency tables from a real manifest', () => {
    const r = readManifest(fs.readFileSync(path.join(RAW, 'embassy-rs__embassy', 'embassy-executor', 'Cargo.toml'), 'utf8'));
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.facts.name).toBe('embassy-executor');
    expect(r.facts.categories).toEqual(['embedded', 'no-std', 'asynchronous']);
    expect(r.facts.docsRs?.targets).toEqual(['thumbv7em-none-eabi']);
  });

  it('resolves workspace-inherited fields from [workspace.package] and reports those it cannot', () => {
    const ws = { version: '1.2.3', license: 'MIT' };
    const text = '[package]\nname = "x"\nversion.workspace = true\nlicense.workspace = true\nedition.workspace = true\n';
    const r = readManifest(text, ws);
    expect(r).toMatchObject({ ok: true, facts: { version: '1.2.3', license: 'MIT', unresolvedWorkspaceFields: ['edition'] } });
  });

  it('refuses what is not a crate manifest with a reason', () => {
    expect(readManifest('[workspace]\nmembers = []\n')).toEqual({ ok: false, reason: 'no [package] name (a workspace root or not a crate manifest)' });
    expect(readManifest('[package\nname=')).toMatchObject({ ok: false, reason: expect.stringMatching(/^not TOML/) });
  });

  it('finds the crate-level no_std attribute in its plain and cfg_attr forms, and nothing in comments', () => {
    expect(noStdAttribute('//! docs\n#![no_std]\npub fn f() {}')).toBe('#![no_std]');
    expect(noStdAttribute('#![cfg_attr(not(feature = "std"), no_std)]\n#![deny(missing_docs)]')).toBe('#![cfg_attr(not(feature = "std"), no_std)]');
    expect(noStdAttribute('// #![no_std]\n/* #![no_std] */\nfn main() {}')).toBeNull();
    expect(noStdAttribute('#![forbid(unsafe_code)]\nuse std::io;')).toBeNull();
  });
});

describe('ferrite index manifests', () => {
  const t = useTestApp();
  beforeAll(async () => {
    await runIndexCrates(t.database, ['embassy-executor', 'embassy-time', 'embassy-sync'].map((n) => realIndexFile(n)));
  });

  it('stores facts for indexed crates found in a real repository checkout, and skips the rest with a reason', async () => {
    const { lines, out } = quiet();
    const r = await indexManifests(t.database, [path.join(RAW, 'embassy-rs__embassy')], { out });
    expect(r.stored).toBeGreaterThanOrEqual(3);
    expect(r.skipped).toBe(r.manifests - r.stored);
    expect(lines.some((l) => /embassy-rp\/Cargo.toml: crate 'embassy-rp' is not indexed/.test(l))).toBe(true);
    const [row] = await t.database.rows<{ facts: { docsRs?: { targets?: string[] } }; source: string }>(sql`
      select f.facts, f.source from manifest_facts f join packages p on p.id = f.package_id where p.name = 'embassy-executor'`);
    expect(row!.source).toBe('manifest');
    expect(row!.facts.docsRs?.targets).toEqual(['thumbv7em-none-eabi']);
    const crate = await expectJson(await t.app.request('/api/v1/crates/embassy-executor'), 200);
    expect(crate.crate.categories).toEqual(['embedded', 'no-std', 'asynchronous']);
  });

  it('skips manifests it already read unchanged', async () => {
    const r = await indexManifests(t.database, [path.join(RAW, 'embassy-rs__embassy')], { out: quiet().out });
    expect(r.stored).toBe(0);
    expect(r.unchanged).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(!hasCargo())('reads #![no_std] and docs.rs targets from a .crate that cargo package built', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-crate-'));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(path.join(dir, 'Cargo.toml'), [
      '[package]', 'name = "tiny-nostd-fixture"', 'version = "0.1.0"', 'edition = "2021"', 'description = "A tiny no_std crate"', 'license = "MIT"',
      'categories = ["no-std", "embedded"]', '', '[features]', 'default = ["std"]', 'std = []', '',
      '[package.metadata.docs.rs]', 'targets = ["thumbv7em-none-eabihf", "x86_64-unknown-linux-gnu"]', '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'src', 'lib.rs'), '#![cfg_attr(not(feature = "std"), no_std)]\n//! tiny\npub fn f() -> u32 { 1 }\n');
    execFileSync('cargo', ['package', '--allow-dirty', '--no-verify', '--offline', '--quiet'], { cwd: dir, stdio: 'ignore' });
    const archive = path.join(dir, 'target', 'package', 'tiny-nostd-fixture-0.1.0.crate');
    await createCrate(t.database, { name: 'tiny-nostd-fixture', versions: ['0.1.0'] });
    const r = await indexManifests(t.database, [archive], { out: quiet().out });
    expect(r.stored).toBe(1);
    const [row] = await t.database.rows<{ facts: Record<string, unknown>; source: string; version_num: string }>(sql`
      select f.facts, f.source, f.version_num from manifest_facts f join packages p on p.id = f.package_id where p.name = 'tiny-nostd-fixture'`);
    expect(row).toMatchObject({ source: 'archive', version_num: '0.1.0' });
    expect(row!.facts).toMatchObject({ noStdAttribute: '#![cfg_attr(not(feature = "std"), no_std)]', docsRs: { targets: ['thumbv7em-none-eabihf', 'x86_64-unknown-linux-gnu'] } });
  });
});
