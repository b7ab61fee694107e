import { pMapIterable } from 'p-map';
import type { RunProblem } from '../../api/db/schema/index.js';
import { crateNameProblem } from '../../api/engine/formats/names.js';
import { quote } from '../../api/engine/formats/untrusted-json.js';
import type { IndexFile } from './crates-index-files.js';
import { indexPath } from '../../api/engine/formats/index-path.js';

export const USER_AGENT = 'ferrite-indexer/0.1 (Rust + AI registry hub; indexes public crate metadata)';

export type SparseIndexOptions = {
  /** Stored ETags by crate name key, sent as If-None-Match. */
  etags: Map<string, string>;
  concurrency?: number;
  problem: (p: RunProblem) => void;
  /** Counts answers of 304 Not Modified. */
  onNotModified?: (name: string) => void;
  fetch?: typeof fetch;
  timeoutMs?: number;
};

export type SparseIndexConfig = { dl: string; api?: string };

export class SourceUnreachable extends Error {}

/** Reads and checks the index's `config.json`; an unreachable index fails here, once, clearly. */
export async function readSparseConfig(baseUrl: string, f: typeof fetch = fetch, timeoutMs = 15_000): Promise<SparseIndexConfig> {
  const url = new URL('config.json', withSlash(baseUrl));
  let res: Response;
  try {
    res = await f(url, { headers: { 'user-agent': USER_AGENT }, signal: AbortSignal.timeout(timeoutMs) });
  } catch (err) {
    throw new SourceUnreachable(`cannot reach the sparse index at ${url}: ${(err as Error).cause ?? (err as Error).message}`);
  }
  if (!res.ok) throw new SourceUnreachable(`the sparse index at ${url} answered ${res.status}`);
  const body = (await res.json().catch(() => null)) as SparseIndexConfig | null;
  if (!body || typeof body.dl !== 'string') throw new SourceUnreachable(`${url} is not an index config.json (no "dl")`);
  return body;
}

/**
 * Fetches crates' index files from a sparse index over HTTP, a bounded number at a time, with
 * conditional requests: a 304 yields nothing, so unchanged crates cost one small request.
 */
export async function* sparseIndexFiles(baseUrl: string, names: string[], opts: SparseIndexOptions): AsyncIterable<IndexFile> {
  const f = opts.fetch ?? fetch;
  const base = withSlash(baseUrl);
  const fetchOne = async (name: string): Promise<IndexFile | null> => {
    // The name becomes a path on the index's host: anything but a crate name (`../`) could leave the index.
    const bad = crateNameProblem(name);
    if (bad) {
      opts.problem({ file: base, reason: `${quote(name)}: ${bad}; not fetched` });
      return null;
    }
    const url = new URL(indexPath(name), base).toString();
    const key = name.toLowerCase().replace(/-/g, '_');
    const headers: Record<string, string> = { 'user-agent': USER_AGENT };
    const etag = opts.etags.get(key);
    if (etag) headers['if-none-match'] = etag;
    try {
      const res = await f(url, { headers, signal: AbortSignal.timeout(opts.timeoutMs ?? 30_000) });
      if (res.status === 304) {
        opts.onNotModified?.(name);
        return null;
      }
      if (res.status === 404 || res.status === 410) {
        opts.problem({ file: url, reason: `'${name}' is not in the index (${res.status})` });
        return null;
      }
      if (!res.ok) {
        opts.problem({ file: url, reason: `HTTP ${res.status}` });
        return null;
      }
      return { name, origin: url, text: await res.text(), etag: res.headers.get('etag') ?? undefined };
    } catch (err) {
      opts.problem({ file: url, reason: `request failed: ${(err as Error).message}` });
      return null;
    }
  };
  for await (const file of pMapIterable(names, fetchOne, { concurrency: opts.concurrency ?? 8 })) {
    if (file) yield file;
  }
}

function withSlash(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
