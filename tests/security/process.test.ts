import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { DrizzleQueryError } from 'drizzle-orm/errors';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { acquireDataDirLock, DataDirLockedError } from '../../api/db/data-dir-lock.js';
import { createLogger } from '../../api/lib/logger.js';
import { installProcessGuards } from '../../bin/commands/process-guards.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const FERRITE = path.join(ROOT, 'bin', 'ferrite.js');
const FAULTS = path.join(ROOT, 'tests', 'security', 'fixtures', 'fault-injector.mjs');
const SERVER = process.env.FERRITE_TEST_SERVER ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const STACK_LINE = /^\s+at /m;

const tempDirs: string[] = [];
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
  for (const d of tempDirs) fs.rmSync(d, { recursive: true, force: true });
});

function tempDir(): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-process-'));
  tempDirs.push(d);
  return d;
}

/** The embedded database, on purpose: no DATABASE_URL, whatever the suite runs against. */
const embedded = (dataDir: string) => ({ ...process.env, DATABASE_URL: '', MEILI_HOST: '', FERRITE_DATA_DIR: dataDir, PORT: '0', FERRITE_FIRST_INDEX: '0', LOG_LEVEL: 'info' });

type Exit = { code: number | null; signal: NodeJS.Signals | null };
type Hub = { child: ChildProcess; port: number; output: () => string; exited: Promise<Exit> };

function startHub(env: NodeJS.ProcessEnv, nodeArgs: string[] = []): Promise<Hub> {
  const child = spawn(process.execPath, [...nodeArgs, FERRITE, 'serve'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let output = '';
  child.stdout!.on('data', (c) => (output += c));
  child.stderr!.on('data', (c) => (output += c));
  const exited = new Promise<Exit>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  return new Promise((resolve, reject) => {
    const timer = setInterval(() => {
      const m = /running at http:\/\/127\.0\.0\.1:(\d+)\//.exec(output);
      if (m) {
        clearInterval(timer);
        resolve({ child, port: Number(m[1]), output: () => output, exited });
      }
    }, 50);
    void exited.then((e) => {
      clearInterval(timer);
      reject(new Error(`the hub exited (${e.code ?? e.signal}) before it served:\n${output}`));
    });
  });
}

function runCli(args: string[], env: NodeJS.ProcessEnv): Promise<Exit & { stdout: string; stderr: string; ms: number }> {
  const started = performance.now();
  const child = spawn(process.execPath, [FERRITE, ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (c) => (stdout += c));
  child.stderr!.on('data', (c) => (stderr += c));
  return new Promise((resolve) => child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr, ms: performance.now() - started })));
}

async function healthy(port: number): Promise<number> {
  return (await fetch(`http://127.0.0.1:${port}/healthz`)).status;
}

describe('one embedded data folder, one process', () => {
  const dataDir = tempDir();
  const env = embedded(dataDir);
  const lockFile = path.join(dataDir, 'db.lock');
  let first: Hub;

  it('refuses a second hub on the same data folder at once, naming the first and what to do', async () => {
    first = await startHub(env);
    const second = await runCli(['serve'], env);
    expect(second.code, second.stderr).toBe(1);
    expect(second.ms).toBeLessThan(15_000);
    expect(second.stderr).toContain(`a Ferrite hub (pid ${first.child.pid}, \`ferrite serve\``);
    expect(second.stderr).toContain(`is using ${path.join(dataDir, 'db')}; stop it first, or run this against a PostgreSQL server with DATABASE_URL`);
    expect(second.stderr).not.toMatch(STACK_LINE);
    expect(second.stdout).not.toContain('running at');
    expect(await healthy(first.port)).toBe(200);
  });

  it('refuses operator commands while the hub runs instead of writing where it never looks', async () => {
    const [owners, council, contributors] = await Promise.all([
      runCli(['owners', 'add', 'crates/serde', 'someone'], env),
      runCli(['council', 'create', 'infra', 'Infrastructure'], env),
      runCli(['contributors', 'import'], env),
    ]);
    for (const r of [owners, council, contributors]) {
      expect(r.code, r.stderr).toBe(1);
      expect(r.stderr).toContain(`a Ferrite hub (pid ${first.child.pid}`);
      expect(r.stderr).toContain('stop it first, or run this against a PostgreSQL server with DATABASE_URL');
      expect(r.stderr).not.toMatch(STACK_LINE);
    }
    expect(owners.stdout).not.toContain('now owns');
    expect(council.stdout).not.toContain('is ready');
  });

  it('lets the next hub start after the first is killed with -9, and frees the folder on SIGTERM and SIGINT', async () => {
    first.child.kill('SIGKILL');
    await first.exited;
    expect(fs.existsSync(lockFile)).toBe(true); // a dead holder's lock is left behind…
    const next = await startHub(env); // …and does not block
    expect(await healthy(next.port)).toBe(200);
    next.child.kill('SIGTERM');
    expect((await next.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);

    const again = await startHub(env);
    again.child.kill('SIGINT');
    expect((await again.exited).code).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);

    const owners = await runCli(['council', 'create', 'infra', 'Infrastructure'], env);
    expect(owners.code, owners.stderr).toBe(0);
    expect(fs.existsSync(lockFile)).toBe(false);
  });
});

describe('the hub process survives what no request should take down', () => {
  const dataDir = tempDir();

  it('logs an unhandled rejection once, without its SQL parameters, and keeps serving', async () => {
    const env = embedded(dataDir);
    const hub = await startHub(env, ['--import', FAULTS]);
    hub.child.kill('SIGUSR2');
    await new Promise((r) => setTimeout(r, 500));
    expect(await healthy(hub.port), hub.output()).toBe(200);
    const lines = hub.output().split('\n').filter((l) => l.includes('unhandled promise rejection'));
    expect(lines, hub.output()).toHaveLength(1);
    expect(lines[0]).toContain('insert into accounts');
    expect(lines[0]).toContain('23505');
    expect(hub.output()).not.toContain('hunter2');
    hub.child.kill('SIGTERM');
    expect((await hub.exited).code).toBe(0);
  });

  it('logs an uncaught exception, stops cleanly, frees the data folder and exits 1', async () => {
    const hub = await startHub(embedded(dataDir), ['--import', FAULTS]);
    hub.child.kill('SIGHUP');
    expect((await hub.exited).code).toBe(1);
    expect(hub.output()).toContain('uncaught exception; stopping the hub');
    expect(hub.output()).toContain('injected uncaught exception');
    expect(fs.existsSync(path.join(dataDir, 'db.lock'))).toBe(false);
  });

  it('guards: a rejection is logged and nothing exits; an exception stops, then exits 1', async () => {
    let logged = '';
    const logger = createLogger('info', new Writable({ write: (c, _e, done) => ((logged += c), done()) }));
    const bus = new EventEmitter();
    const proc = bus as unknown as NodeJS.Process;
    const exits: number[] = [];
    let stopped = 0;
    const remove = installProcessGuards({ logger, proc, stop: async () => void stopped++, exit: (code) => void exits.push(code) });
    const failed = new DrizzleQueryError('select * from sessions where id = $1', ['token-hash-secret'], new Error('boom'));
    bus.emit('unhandledRejection', failed, Promise.resolve());
    expect(exits).toEqual([]);
    expect(logged).toContain('select * from sessions where id = $1');
    expect(logged).not.toContain('token-hash-secret');
    bus.emit('uncaughtException', new Error('broken'), 'uncaughtException');
    await new Promise((r) => setTimeout(r, 10));
    expect(stopped).toBe(1);
    expect(exits).toEqual([1]);
    remove();
  });
});

describe('the data folder lock', () => {
  it('takes over a lock whose process is gone or whose pid now belongs to another process', async () => {
    const dir = path.join(tempDir(), 'db');
    const dead = spawn(process.execPath, ['-e', '0']);
    await new Promise((r) => dead.on('exit', r));
    const holder = (pid: number, procStart: string | null) => JSON.stringify({ pid, host: os.hostname(), command: 'ferrite serve', role: 'hub', since: new Date().toISOString(), procStart, token: 'x' });
    fs.writeFileSync(`${dir}.lock`, holder(dead.pid!, null));
    acquireDataDirLock(dir).release();
    // Our parent is alive, but not the process that took this lock (its start time differs).
    fs.writeFileSync(`${dir}.lock`, holder(process.ppid, '1'));
    const lock = acquireDataDirLock(dir);
    expect(() => acquireDataDirLock(dir)).toThrow(/this process already has/);
    lock.release();
    expect(fs.existsSync(`${dir}.lock`)).toBe(false);
  });

  it('refuses a lock held by a live process and leaves it in place', () => {
    const dir = path.join(tempDir(), 'db');
    const held = JSON.stringify({ pid: process.ppid, host: os.hostname(), command: 'ferrite index crates x', role: 'command', since: 'then', procStart: null, token: 'x' });
    fs.writeFileSync(`${dir}.lock`, held);
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
    expect(() => acquireDataDirLock(dir)).toThrow(`another Ferrite command (pid ${process.ppid}, \`ferrite index crates x\``);
    expect(fs.readFileSync(`${dir}.lock`, 'utf8')).toBe(held);
  });
});

const server = await (async () => {
  const sql = postgres(SERVER, { max: 1, onnotice: () => {}, connect_timeout: 3 });
  try {
    await sql`select 1`;
    return sql;
  } catch {
    await sql.end({ timeout: 0 });
    return null;
  }
})();
afterAll(() => server?.end({ timeout: 5 }));

describe('start-up errors say what is wrong in one line', () => {
  it('names the host and port that refused the connection, with no stack and no password', async () => {
    const r = await runCli(['migrate'], { ...process.env, DATABASE_URL: 'postgres://postgres:hunter2@127.0.0.1:1/x' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain('cannot reach PostgreSQL at 127.0.0.1:1 (connection refused)');
    expect(r.stderr).not.toContain('Failed query');
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });

  it.skipIf(!server)('says the database does not exist', async () => {
    const url = new URL(SERVER);
    url.password = 'hunter2';
    url.pathname = `/ferrite_missing_${randomBytes(4).toString('hex')}`;
    const r = await runCli(['serve'], { ...process.env, DATABASE_URL: url.toString(), PORT: '0', FERRITE_FIRST_INDEX: '0' });
    expect(r.code, r.stderr).toBe(1);
    expect(r.stderr).toContain(`database "${url.pathname.slice(1)}" does not exist`);
    expect(r.stderr).not.toMatch(STACK_LINE);
    expect(r.stderr + r.stdout).not.toContain('hunter2');
  });
});

describe.skipIf(!server)('on a PostgreSQL server', () => {
  it('runs a hub and operator commands side by side: no lock there', async () => {
    const name = `ferrite_process_${randomBytes(4).toString('hex')}`;
    await server!.unsafe(`create database ${name}`);
    try {
      const url = new URL(SERVER);
      url.pathname = `/${name}`;
      const env = { ...embedded(tempDir()), DATABASE_URL: url.toString() };
      const hub = await startHub(env);
      const r = await runCli(['council', 'create', 'infra', 'Infrastructure'], env);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain('Council infra (Infrastructure) is ready');
      expect(await healthy(hub.port)).toBe(200);
      hub.child.kill('SIGTERM');
      expect((await hub.exited).code).toBe(0);
    } finally {
      await server!.unsafe(`drop database if exists ${name} with (force)`);
    }
  });
});
