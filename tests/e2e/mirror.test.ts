import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serve } from '../../bin/main.js';
import { crateArchives, packages } from '../../api/db/schema/index.js';
import { cargoSparseIndex } from '../../api/archives/upstream.js';
import { runIndexCrates } from '../setup/indexer.js';
import { cargoFetch, hasCargo } from '../archives/crate-files.js';

function cargo(args: string[], env: NodeJS.ProcessEnv, cwd: string): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn('cargo', args, { env, cwd });
    let stderr = '';
    child.stdout.resume();
    child.stderr.on('data', (c) => (stderr += c));
    child.on('close', (status) => resolve({ status, stderr }));
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

/** A CARGO_HOME whose only source is Ferrite: crates-io replaced by Ferrite's sparse index. */
function cargoHomeThrough(dir: string, url: string): NodeJS.ProcessEnv {
  const home = fs.mkdtempSync(path.join(dir, 'cargo-home-'));
  fs.writeFileSync(path.join(home, 'config.toml'), ['[source.crates-io]', 'replace-with = "ferrite"', '[source.ferrite]', `registry = "sparse+${url}/index/"`].join('\n') + '\n');
  return { ...process.env, CARGO_HOME: home, CARGO_NET_OFFLINE: 'false', CARGO_TERM_COLOR: 'never' };
}

/**
 * Mirror mode with the real cargo: a first build through Ferrite fills its store from the upstream
 * registry; a second build on a fresh CARGO_HOME, with the upstream switched off, gets everything
 * from Ferrite's store.
 */
describe.skipIf(!hasCargo)('cargo build through Ferrite in mirror mode', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-mirror-'));
  const dataDir = path.join(dir, 'data');
  const project = path.join(dir, 'app');
  let upstream: string;
  let port: number;
  let server: Awaited<ReturnType<typeof serve>> | null = null;
  const start = async (upstreamSetting: string) => {
    server = await serve({ FERRITE_DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent', FERRITE_FIRST_INDEX: '0', FERRITE_UPSTREAM_INDEX: upstreamSetting });
    return server;
  };

  beforeAll(async () => {
    // The registry cargo on this machine reaches, found the way Ferrite finds it: from cargo's own cache.
    upstream = cargoSparseIndex(cargoFetch({ itoa: '1' }).home)!;
    port = await freePort();
    const s = await start(upstream);
    await runIndexCrates(s.database, [upstream], { crates: ['itoa'] });
    fs.mkdirSync(path.join(project, 'src'), { recursive: true });
    fs.writeFileSync(path.join(project, 'Cargo.toml'), '[package]\nname = "app"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\nitoa = "1"\n');
    fs.writeFileSync(path.join(project, 'src', 'main.rs'), 'fn main() { println!("{}", itoa::Buffer::new().format(42)); }\n');
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('builds with Ferrite as the only source, fetching the archive from upstream on first request', async () => {
    const run = await cargo(['build', '--target-dir', path.join(dir, 'target-1')], cargoHomeThrough(dir, `http://127.0.0.1:${port}`), project);
    expect(run.status, run.stderr).toBe(0);
    const stored = await server!.database.db.select({ origin: crateArchives.origin }).from(crateArchives)
      .innerJoin(packages, eq(packages.id, crateArchives.packageId)).where(and(eq(packages.name, 'itoa')));
    expect(stored).toEqual([{ origin: 'mirror' }]);
  }, 120_000);

  it('builds again on a fresh CARGO_HOME with the upstream switched off: everything comes from the store', async () => {
    await server!.stop();
    server = null;
    await start('none');
    const run = await cargo(['build', '--target-dir', path.join(dir, 'target-2')], cargoHomeThrough(dir, `http://127.0.0.1:${port}`), project);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toMatch(/Downloaded itoa v/);
  }, 120_000);

  it('learns the registry when a first start asks cargo for it, and mirrors from it without a restart', async () => {
    await server!.stop();
    server = null;
    // No FERRITE_UPSTREAM_INDEX, and a cargo home that has never reached its registry: nothing names one yet.
    const emptyHome = fs.mkdtempSync(path.join(dir, 'cargo-empty-'));
    server = await serve({ FERRITE_DATA_DIR: dataDir, PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'silent', FERRITE_FIRST_INDEX: '0', CARGO_HOME: emptyHome });
    await runIndexCrates(server.database, [upstream], { crates: ['ryu'] });
    const [v] = await server.database.rows<{ num: string; cksum: string }>(sql`
      select v.num, v.cksum from versions v join packages p on p.id = v.package_id where p.name = 'ryu' and not v.yanked order by v.id desc limit 1`);
    const url = `http://127.0.0.1:${port}/api/v1/crates/ryu/${v!.num}/download`;
    const before = await fetch(url);
    expect(before.status).toBe(404);
    expect((await before.json()).detail).toMatch(/no upstream registry is configured/);
    // What the first start does when no data folder or setting names a registry: ask cargo.
    expect(await server.archives.discoverUpstream!()).toBe(upstream);
    const after = await fetch(url);
    expect(after.status).toBe(200);
    expect(createHash('sha256').update(Buffer.from(await after.arrayBuffer())).digest('hex')).toBe(v!.cksum);
  }, 120_000);
});
