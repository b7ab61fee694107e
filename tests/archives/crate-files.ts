import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createGzip } from 'node:zlib';
import tar from 'tar-stream';

export const hasCargo = spawnSync('cargo', ['--version'], { stdio: 'ignore' }).status === 0;

/**
 * Fetches real crates with the real cargo into a fresh CARGO_HOME (a throwaway project naming
 * them), so tests read archives exactly as the registry serves them.
 */
export function cargoFetch(deps: Record<string, string>): { home: string; cacheDir: string } {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-archives-cargo-'));
  const home = path.join(root, 'cargo-home');
  const project = path.join(root, 'project');
  fs.mkdirSync(path.join(project, 'src'), { recursive: true });
  // A version requirement, or an inline table (`{ version = "1", features = ["full"] }`) written as is.
  const lines = Object.entries(deps).map(([n, v]) => `${n} = ${v.startsWith('{') ? v : `"${v}"`}`);
  fs.writeFileSync(path.join(project, 'Cargo.toml'), `[package]\nname = "probe"\nversion = "0.1.0"\nedition = "2021"\n\n[dependencies]\n${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(project, 'src', 'lib.rs'), '');
  execFileSync('cargo', ['fetch'], { cwd: project, env: { ...process.env, CARGO_HOME: home, CARGO_TERM_COLOR: 'never' }, stdio: 'pipe', timeout: 120_000 });
  const cacheDir = fs.readdirSync(path.join(home, 'registry', 'cache')).map((d) => path.join(home, 'registry', 'cache', d))[0]!;
  return { home, cacheDir };
}

/** The version cargo fetched of a crate, from the cached file names. */
export function fetchedVersion(cacheDir: string, name: string): string {
  const file = fs.readdirSync(cacheDir).find((f) => f.startsWith(`${name}-`) && /^\d/.test(f.slice(name.length + 1)));
  if (!file) throw new Error(`cargo fetched no ${name}`);
  return file.slice(name.length + 1, -'.crate'.length);
}

/** A file inside an archive, read with the system's tar (independently of Ferrite's reader). */
export function fileInArchive(archive: string, inner: string): string {
  return execFileSync('tar', ['-xzOf', archive, inner], { encoding: 'utf8' });
}

export function sha256File(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Packs entries (path → text) into a gzip'd tar, as `cargo package` does; for hostile archives. */
export async function packCrate(file: string, entries: [string, string][]): Promise<void> {
  const pack = tar.pack();
  const done = new Promise<void>((resolve, reject) => {
    const ws = fs.createWriteStream(file);
    pack.pipe(createGzip()).pipe(ws);
    ws.on('finish', resolve);
    ws.on('error', reject);
  });
  for (const [name, text] of entries) pack.entry({ name }, text);
  pack.finalize();
  await done;
}
