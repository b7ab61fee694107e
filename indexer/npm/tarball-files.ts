import { createHash, type Hash } from 'node:crypto';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { createGunzip } from 'node:zlib';
import tar from 'tar-stream';
import type { NpmVersionFacts, PublishedFiles } from '../../api/engine/formats/npm-facts.js';
import { USER_AGENT } from '../sources/sparse-index.js';

/**
 * Limits for reading an untrusted npm tarball. Only entry names are kept (contents are drained
 * unread), so what needs a cap is the download, the list, and the work of inflating a gzip bomb:
 * the largest real packages (native binaries for one platform) stay well below 64 MB compressed.
 */
export const TARBALL_LIMITS = { maxCompressedBytes: 64 * 1024 * 1024, maxUnpackedBytes: 1024 * 1024 * 1024, maxEntries: 20_000, maxNameLength: 1024, timeoutMs: 60_000 };
export type TarballLimits = typeof TARBALL_LIMITS;

/** A tarball that was not read: unreachable, over a limit, not a gzip'd tar, or not the bytes the packument promised. */
export class TarballRefused extends Error {
  /** True when no HTTP answer came at all: the registry is out of reach, so other tarballs will fail too. */
  constructor(message: string, readonly unreachable = false) {
    super(message);
  }
}

/** Strongest first: the hash npm itself prefers when an SRI string offers several. */
const SRI_ALGORITHMS = ['sha512', 'sha384', 'sha256', 'sha1'] as const;
type Expected = { algorithm: (typeof SRI_ALGORITHMS)[number]; digest: string; sri: string };

/**
 * The checksum to verify: `dist.integrity` (Subresource Integrity, `sha512-<base64>`), else the
 * older `dist.shasum` (hex SHA-1). A tarball with neither cannot be trusted and is not read.
 */
export function expectedChecksum(dist: NpmVersionFacts['dist']): Expected | null {
  const candidates = (dist?.integrity ?? '')
    .split(/\s+/)
    .map((token) => /^(sha512|sha384|sha256|sha1)-([A-Za-z0-9+/]+={0,2})(?:\?.*)?$/.exec(token))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({ algorithm: m[1] as Expected['algorithm'], digest: m[2]!, sri: `${m[1]}-${m[2]}` }));
  const best = SRI_ALGORITHMS.map((a) => candidates.find((c) => c.algorithm === a)).find(Boolean);
  if (best) return best;
  const hex = dist?.shasum?.toLowerCase();
  if (hex && /^[0-9a-f]{40}$/.test(hex)) {
    const digest = Buffer.from(hex, 'hex').toString('base64');
    return { algorithm: 'sha1', digest, sri: `sha1-${digest}` };
  }
  return null;
}

/**
 * Where to download a tarball: the path the packument names, on the registry npm is configured
 * with. The packument's own host is never contacted, so a mirror configuration is honoured and an
 * untrusted packument cannot send Ferrite elsewhere. A registry mounted below a path (`…/npm/`)
 * keeps that path unless the tarball's path already starts with it.
 */
export function tarballUrl(tarball: string, registry: string): string {
  let from: URL;
  try {
    from = new URL(tarball);
  } catch {
    throw new TarballRefused(`dist.tarball ${JSON.stringify(tarball.slice(0, 200))} is not a URL`);
  }
  if (from.protocol !== 'https:' && from.protocol !== 'http:') throw new TarballRefused(`dist.tarball is not an http(s) URL (${from.protocol})`);
  const base = new URL(registry.endsWith('/') ? registry : `${registry}/`);
  const path = from.pathname.startsWith(base.pathname) ? from.pathname : `${base.pathname}${from.pathname.replace(/^\/+/, '')}`;
  return new URL(`${path}${from.search}`, base.origin).toString();
}

/** Counts and hashes the compressed bytes as they pass, and fails the stream past the cap or on a wrong digest. */
function verifying(expected: Expected, maxBytes: number) {
  const hash: Hash = createHash(expected.algorithm);
  let bytes = 0;
  return new Transform({
    transform(chunk: Buffer, _enc, done) {
      bytes += chunk.length;
      if (bytes > maxBytes) return done(new TarballRefused(`larger than ${maxBytes} bytes compressed`));
      hash.update(chunk);
      done(null, chunk);
    },
    flush(done) {
      const got = hash.digest('base64');
      if (got !== expected.digest) return done(new TarballRefused(`${expected.algorithm} mismatch: the packument says ${expected.sri}, the download is ${expected.algorithm}-${got}`));
      done();
    },
  });
}

/**
 * Streams one version's tarball from the registry and returns the names of the files in it,
 * without npm's leading `package/` (npm strips the first path component, whatever its name). The
 * compressed bytes are hashed on the way and the list is returned only when they match the
 * packument's checksum; nothing is written to disk and no file content is kept.
 */
export async function readTarballFiles(
  dist: NpmVersionFacts['dist'],
  registry: string,
  opts: { fetch?: typeof fetch; limits?: Partial<TarballLimits>; now?: () => Date } = {},
): Promise<PublishedFiles> {
  const limits = { ...TARBALL_LIMITS, ...opts.limits };
  if (!dist?.tarball) throw new TarballRefused('the packument gives no dist.tarball');
  const expected = expectedChecksum(dist);
  if (!expected) throw new TarballRefused('the packument gives neither dist.integrity nor dist.shasum to verify the tarball against');
  const url = tarballUrl(dist.tarball, registry);
  let res: Response;
  try {
    res = await (opts.fetch ?? fetch)(url, { headers: { 'user-agent': USER_AGENT }, signal: AbortSignal.timeout(limits.timeoutMs) });
  } catch (err) {
    throw new TarballRefused(`cannot reach ${url}: ${(err as Error).cause ?? (err as Error).message}`, true);
  }
  if (!res.ok || !res.body) {
    await res.body?.cancel().catch(() => {});
    throw new TarballRefused(`${url}: HTTP ${res.status}`);
  }
  const declared = Number(res.headers.get('content-length') ?? NaN);
  if (declared > limits.maxCompressedBytes) {
    await res.body.cancel().catch(() => {});
    throw new TarballRefused(`${url}: ${declared} bytes, more than ${limits.maxCompressedBytes} compressed`);
  }

  const files: string[] = [];
  const extract = tar.extract();
  const listing = (async () => {
    let entries = 0;
    let unpacked = 0;
    for await (const entry of extract) {
      entries++;
      unpacked += entry.header.size ?? 0;
      if (entries > limits.maxEntries) throw new TarballRefused(`more than ${limits.maxEntries} entries`);
      if (unpacked > limits.maxUnpackedBytes) throw new TarballRefused(`unpacks to more than ${limits.maxUnpackedBytes} bytes`);
      const { type, name } = entry.header;
      if (name.length > limits.maxNameLength) throw new TarballRefused(`an entry name longer than ${limits.maxNameLength} characters`);
      const rel = name.replace(/^\.?\/+/, '').split('/').slice(1).join('/');
      if ((type === 'file' || type === 'contiguous-file') && rel) files.push(rel);
      entry.resume();
    }
  })();
  try {
    const body = Readable.fromWeb(res.body as unknown as WebReadableStream<Uint8Array>);
    await Promise.all([pipeline(body, verifying(expected, limits.maxCompressedBytes), createGunzip(), extract), listing]);
  } catch (err) {
    extract.destroy();
    await listing.catch(() => {});
    if (err instanceof TarballRefused) throw new TarballRefused(`${url}: ${err.message}`);
    throw new TarballRefused(`${url}: not a readable npm tarball (gzip'd tar): ${(err as Error).message}`);
  }
  return { files: [...new Set(files)].sort(), fetchedAt: (opts.now?.() ?? new Date()).toISOString(), integrity: expected.sri };
}
