import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../bin/main.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { runIndexCrates } from '../setup/indexer.js';
import { realIndexFile } from '../setup/index-fixtures.js';

const hasCargo = (() => {
  try {
    execFileSync('cargo', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();

/** cargo runs asynchronously: the server answering it lives in this same process. */
function cargo(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('cargo', args, { env, cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c) => (stdout += c));
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** The real cargo against a running Ferrite: its sparse index and its crates.io-compatible search. */
describe.skipIf(!hasCargo)('cargo against a running Ferrite', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-cargo-'));
  let server: Awaited<ReturnType<typeof serve>>;
  let cargoEnv: NodeJS.ProcessEnv;

  beforeAll(async () => {
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    server = await serve({ FERRITE_DATA_DIR: path.join(dir, 'data'), PORT: String(port), PUBLIC_URL: url, LOG_LEVEL: 'silent', FERRITE_FIRST_INDEX: '0' });
    await runIndexCrates(server.database, ['embedded-hal-nb', 'embedded-hal', 'nb'].map((c) => realIndexFile(c)));
    await drainSearch(server.database, server.search);
    const home = path.join(dir, 'cargo-home');
    fs.mkdirSync(home);
    fs.writeFileSync(path.join(home, 'config.toml'), [
      '[registries.ferrite]', `index = "sparse+${url}/index/"`,
      '[source.crates-io]', 'replace-with = "ferrite"',
      '[source.ferrite]', `registry = "sparse+${url}/index/"`,
    ].join('\n') + '\n');
    cargoEnv = { ...process.env, CARGO_HOME: home, CARGO_NET_OFFLINE: 'false', CARGO_TERM_COLOR: 'never' };
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('cargo search --registry ferrite finds an indexed crate', { timeout: 60_000 }, async () => {
    const run = await cargo(['search', '--registry', 'ferrite', 'embedded-hal-nb', '--limit', '5'], cargoEnv, dir);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^embedded-hal-nb = "\d+\.\d+\.\d+"/m);
  });

  it('cargo generate-lockfile resolves a project whose dependencies are all indexed', async () => {
    const project = path.join(dir, 'app');
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nembedded-hal-nb = "1"\n');
    fs.writeFileSync(path.join(project, 'src', 'lib.rs'), '');
    const run = await cargo(['generate-lockfile'], cargoEnv, project);
    expect(run.status, run.stderr).toBe(0);
    const lock = fs.readFileSync(path.join(project, 'Cargo.lock'), 'utf8');
    for (const name of ['embedded-hal-nb', 'embedded-hal', 'nb']) expect(lock).toContain(`name = "${name}"`);
  }, 60_000);
});
