import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * The embedded database (PGlite) is one PostgreSQL running inside one process: a second process
 * opening the same folder works on its own copy in memory, and whichever writes last wins on disk,
 * so writes the first acknowledged are lost. Every process that opens the folder therefore holds
 * `<dataDir>.lock`, created with O_EXCL, until it closes the database.
 *
 * The lock names its holder (pid, command, host, start time). A holder that is gone — killed with
 * -9, crashed, or a pid since reused by an unrelated process (its start time differs) — does not
 * block: its lock is taken over. PGlite writes a postmaster.pid of its own, but with a pid from
 * inside WebAssembly that nothing checks, so it cannot serve as this lock.
 */

export type LockRole = 'hub' | 'worker' | 'command';

export type LockHolder = {
  pid: number;
  host: string;
  command: string;
  role: LockRole;
  since: string;
  /** Kernel start time of the process (Linux), telling a live holder from a reused pid. */
  procStart: string | null;
  token: string;
};

export type DataDirLock = { path: string; holder: LockHolder; release(): void };

export class DataDirLockedError extends Error {
  constructor(readonly dataDir: string, readonly holder: LockHolder | null, readonly lockFile: string) {
    super(lockedMessage(dataDir, holder, lockFile));
    this.name = 'DataDirLockedError';
  }
}

/** Locks this process holds, so a second open in the same process is refused too, and exit releases them. */
const heldHere = new Map<string, string>();

/** A lock file this young with no holder written yet is being created right now by another process. */
const FRESH_EMPTY_MS = 5_000;

export function acquireDataDirLock(dataDir: string, role: LockRole = 'command'): DataDirLock {
  const file = `${path.resolve(dataDir)}.lock`;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  if (heldHere.has(file)) throw new DataDirLockedError(dataDir, readHolder(file), file);
  const holder: LockHolder = {
    pid: process.pid,
    host: os.hostname(),
    command: currentCommand(),
    role,
    since: new Date().toISOString(),
    procStart: procStartTime(process.pid),
    token: randomUUID(),
  };
  const text = `${JSON.stringify(holder, null, 2)}\n`;
  for (let attempt = 0; attempt < 20; attempt++) {
    if (tryCreate(file, text)) {
      heldHere.set(file, holder.token);
      const onExit = () => releaseIfOurs(file, holder.token);
      process.on('exit', onExit);
      return {
        path: file,
        holder,
        release() {
          process.off('exit', onExit);
          releaseIfOurs(file, holder.token);
        },
      };
    }
    const seen = readLockFile(file);
    if (seen === null) continue; // removed between our create and read: try again
    const other = parseHolder(seen.text);
    if (other === null) {
      // Created but not yet written (or left empty by a crash in that instant).
      if (Date.now() - seen.mtimeMs < FRESH_EMPTY_MS) {
        sleepMs(50);
        continue;
      }
    } else if (isAlive(other)) {
      throw new DataDirLockedError(dataDir, other, file);
    }
    takeOverStale(file, seen.text);
  }
  throw new DataDirLockedError(dataDir, readHolder(file), file);
}

function tryCreate(file: string, text: string): boolean {
  let fd: number;
  try {
    fd = fs.openSync(file, 'wx', 0o644);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw err;
  }
  try {
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  return true;
}

/**
 * Removes a dead holder's lock. Two processes may find the same stale lock at once: each first
 * moves the file aside and checks that what it moved is still the stale lock it judged, so a
 * fresh lock the other one just created is put back rather than deleted.
 */
function takeOverStale(file: string, staleText: string) {
  const aside = `${file}.${process.pid}.${randomUUID()}`;
  try {
    fs.renameSync(file, aside);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  try {
    if (fs.readFileSync(aside, 'utf8') !== staleText) {
      try {
        fs.linkSync(aside, file);
      } catch {
        // Someone created a lock in between: theirs stands.
      }
    }
  } finally {
    fs.rmSync(aside, { force: true });
  }
}

function releaseIfOurs(file: string, token: string) {
  if (heldHere.get(file) !== token) return;
  heldHere.delete(file);
  // Only our own lock is removed: a lock taken over after ours was judged stale belongs to another process.
  if (readHolder(file)?.token === token) fs.rmSync(file, { force: true });
}

function isAlive(h: LockHolder): boolean {
  // On another machine (a shared volume) nothing here can tell; the message says how to clear it.
  if (h.host !== os.hostname()) return true;
  // Our own pid, yet this process holds no lock on it (checked first): a previous run, in a
  // container that handed the same pid out again.
  if (h.pid === process.pid) return false;
  try {
    process.kill(h.pid, 0);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ESRCH') return false;
    // EPERM: the process exists under another user.
  }
  const start = procStartTime(h.pid);
  if (start === 'zombie') return false;
  if (h.procStart && start && start !== h.procStart) return false;
  return true;
}

/** Field 22 of /proc/<pid>/stat (start time in clock ticks since boot); 'zombie' for a dead, unreaped process; null where /proc is absent. */
function procStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (fields[0] === 'Z' || fields[0] === 'X') return 'zombie';
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function readLockFile(file: string): { text: string; mtimeMs: number } | null {
  try {
    const mtimeMs = fs.statSync(file).mtimeMs;
    return { text: fs.readFileSync(file, 'utf8'), mtimeMs };
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function readHolder(file: string): LockHolder | null {
  const seen = readLockFile(file);
  return seen ? parseHolder(seen.text) : null;
}

function parseHolder(text: string): LockHolder | null {
  try {
    const h = JSON.parse(text) as LockHolder;
    return typeof h.pid === 'number' && typeof h.token === 'string' ? h : null;
  } catch {
    return null;
  }
}

/** `ferrite <args>` for the CLI, else the node command line; credentials in URLs are masked. */
function currentCommand(): string {
  const [, script = '', ...args] = process.argv;
  const words = /ferrite(\.js)?$/.test(script) ? ['ferrite', ...args] : [path.basename(process.execPath), script, ...args];
  const line = words.join(' ').replace(/\/\/[^/\s@]*@/g, '//***@');
  return line.length > 200 ? `${line.slice(0, 199)}…` : line;
}

function lockedMessage(dataDir: string, h: LockHolder | null, file: string): string {
  const todo = 'stop it first, or run this against a PostgreSQL server with DATABASE_URL (the embedded database serves one process at a time)';
  if (!h) return `another Ferrite process is using ${dataDir} (lock ${file}); stop it first, or run this against a PostgreSQL server with DATABASE_URL`;
  if (h.pid === process.pid && h.host === os.hostname()) return `this process already has ${dataDir} open`;
  const who = h.role === 'hub' ? 'a Ferrite hub' : h.role === 'worker' ? 'a Ferrite worker' : 'another Ferrite command';
  const where = h.host !== os.hostname() ? ` on host ${h.host}` : '';
  const clear = where ? `; if it no longer runs there, delete ${file}` : '';
  const wait = h.role === 'command' ? todo.replace('stop it first', 'wait for it to finish') : todo;
  return `${who} (pid ${h.pid}${where}, \`${h.command}\`, since ${h.since}) is using ${dataDir}; ${wait}${clear}`;
}

function sleepMs(ms: number) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
