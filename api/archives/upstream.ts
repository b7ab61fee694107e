import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { parse as parseToml } from 'smol-toml';
import type { ArchiveStore } from './store.js';
import { ArchiveRefused } from './store.js';

export const USER_AGENT = 'ferrite-archives/0.1 (Rust + AI registry hub; mirrors published crate archives)';

/** `$CARGO_HOME`, else `~/.cargo`, as cargo itself decides. */
export function cargoHome(setting: string | undefined): string {
  return setting ? path.resolve(setting) : path.join(os.homedir(), '.cargo');
}

/** The registry folders cargo keeps under `$CARGO_HOME/registry/{index,cache}/<host>-<hash>/`. */
export function cargoRegistryDirs(home: string, kind: 'index' | 'cache'): string[] {
  const root = path.join(home, 'registry', kind);
  if (!fs.existsSync(root)) return [];
  return fs.readdirSync(root, { withFileTypes: true }).filter((e) => e.isDirectory()).map((e) => path.join(root, e.name));
}

const sparse = (url: string) => url.replace(/^sparse\+/, '').replace(/\/?$/, '/');

/**
 * The sparse index cargo on this machine uses for crates-io: a `[source.crates-io] replace-with`
 * in cargo's config files, else the registry cargo has a cached sparse index of (the folder name is
 * `<host>-<hash>`, and a sparse index lives at the root of its host). Null when cargo has neither.
 */
export function cargoSparseIndex(home: string): string | null {
  for (const name of ['config.toml', 'config']) {
    const file = path.join(home, name);
    if (!fs.existsSync(file)) continue;
    try {
      const doc = parseToml(fs.readFileSync(file, 'utf8')) as { source?: Record<string, { 'replace-with'?: string; registry?: string }> };
      const replacement = doc.source?.['crates-io']?.['replace-with'];
      const registry = replacement ? doc.source?.[replacement]?.registry : undefined;
      if (registry?.startsWith('sparse+')) return sparse(registry);
    } catch {
      // An unreadable cargo config is cargo's to report; fall through to the cache.
    }
  }
  const cached = cargoRegistryDirs(home, 'index')
    .filter((d) => fs.existsSync(path.join(d, 'config.json')))
    .sort((a, b) => fs.statSync(path.join(b, 'config.json')).mtimeMs - fs.statSync(path.join(a, 'config.json')).mtimeMs);
  for (const dir of cached) {
    const host = /^(.+)-[0-9a-f]{16}$/.exec(path.basename(dir))?.[1];
    if (host && /^[a-z0-9.-]+(:\d+)?$/i.test(host)) return `https://${host}/`;
  }
  return null;
}

/**
 * The upstream sparse index: FERRITE_UPSTREAM_INDEX (`none` turns it off), else the one cargo on
 * this machine uses. Read once at start; no network.
 */
export function resolveUpstreamIndex(setting: string | undefined, cargoHomeSetting: string | undefined): string | null {
  if (setting === 'none') return null;
  if (setting) return sparse(setting);
  return cargoSparseIndex(cargoHome(cargoHomeSetting));
}

/**
 * When cargo has never reached its registry from this CARGO_HOME, nothing on disk names it: ask
 * cargo itself (`cargo info <crate>` reads the default registry's index and caches its config.json),
 * then read the cache as above. Null when cargo is missing, offline or answers otherwise.
 */
export async function askCargoForItsRegistry(home: string, crate: string): Promise<string | null> {
  await new Promise<void>((resolve) => {
    execFile('cargo', ['info', '--quiet', crate], { cwd: os.tmpdir(), env: { ...process.env, CARGO_HOME: home, CARGO_TERM_COLOR: 'never' }, timeout: 60_000 }, () => resolve());
  });
  return cargoSparseIndex(home);
}

/** cargo's `dl` rules: markers are replaced; a template without any gets `/{crate}/{version}/download`. */
export function downloadUrl(template: string, name: string, version: string, cksum: string): string {
  if (!/\{(crate|version|prefix|lowerprefix|sha256-checksum)\}/.test(template)) return `${template.replace(/\/$/, '')}/${name}/${version}/download`;
  return template
    .replaceAll('{crate}', name)
    .replaceAll('{version}', version)
    .replaceAll('{prefix}', dirPrefix(name))
    .replaceAll('{lowerprefix}', dirPrefix(name.toLowerCase()))
    .replaceAll('{sha256-checksum}', cksum);
}

/** The index layout's folder for a name: `1`, `2`, `3/a`, `ab/cd`. */
function dirPrefix(name: string): string {
  return name.length <= 2 ? String(name.length) : name.length === 3 ? `3/${name[0]}` : `${name.slice(0, 2)}/${name.slice(2, 4)}`;
}

/** Reads an index's `dl` template from its config.json. */
export async function readDlTemplate(indexUrl: string, f: typeof fetch = fetch): Promise<string> {
  const res = await f(new URL('config.json', indexUrl), { headers: { 'user-agent': USER_AGENT }, signal: AbortSignal.timeout(15_000) });
  if (!res.ok) throw new Error(`${indexUrl}config.json answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as { dl?: unknown } | null;
  if (typeof body?.dl !== 'string') throw new Error(`${indexUrl}config.json has no "dl"`);
  return body.dl;
}

export type FetchArchiveOptions = { fetch?: typeof fetch; attempts?: number; backoffMs?: number; timeoutMs?: number };

/**
 * Downloads one archive into the store, verified against the index cksum. Network errors and 5xx
 * or 429 answers are retried with exponential backoff; a 4xx or a checksum mismatch is final.
 */
export async function fetchArchive(store: ArchiveStore, url: string, cksum: string, opts: FetchArchiveOptions = {}): Promise<{ size: number; attempts: number }> {
  const f = opts.fetch ?? fetch;
  const attempts = opts.attempts ?? 4;
  for (let attempt = 1; ; attempt++) {
    let retryable = true;
    try {
      const res = await f(url, { headers: { 'user-agent': USER_AGENT }, redirect: 'follow', signal: AbortSignal.timeout(opts.timeoutMs ?? 120_000) });
      if (!res.ok || !res.body) {
        retryable = res.status >= 500 || res.status === 429;
        await res.body?.cancel();
        throw new Error(`HTTP ${res.status}`);
      }
      const { size } = await store.put(Readable.fromWeb(res.body as import('node:stream/web').ReadableStream<Uint8Array>), cksum);
      return { size, attempts: attempt };
    } catch (err) {
      if (err instanceof ArchiveRefused || !retryable || attempt >= attempts) throw err;
      await new Promise((r) => setTimeout(r, (opts.backoffMs ?? 500) * 2 ** (attempt - 1)));
    }
  }
}
