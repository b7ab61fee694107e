import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { and, eq, sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { indexedFiles } from '../../api/db/schema/index.js';
import { npmNameProblem } from '../../api/engine/formats/names.js';
import { quote, storableText } from '../../api/engine/formats/untrusted-json.js';
import { storeNpmPackage } from '../../api/packages/write.js';
import { readPackument } from '../npm/packument.js';
import { indexPublishedFiles, keepPublishedFiles, type PublishedFilesResult } from '../npm/published-files.js';
import { npmRegistryUrl, packumentUrl } from '../npm/registry.js';
import type { TarballLimits } from '../npm/tarball-files.js';
import { createProgress, type Progress } from '../progress.js';
import { RunLog } from '../run-log.js';
import { SourceUnreachable, USER_AGENT } from '../sources/sparse-index.js';

const SOURCE = 'npm';

export type IndexNpmOptions = {
  progress?: Progress;
  out?: NodeJS.WritableStream;
  fetch?: typeof fetch;
  registry?: string | null;
  /** Also read each package's latest published file list from its tarball (the CLI does, unless `--no-tarballs`). */
  tarballs?: boolean;
  tarballLimits?: Partial<TarballLimits>;
};
export type IndexNpmResult = { documents: number; unchanged: number; packagesStored: number; versionsStored: number; skipped: number; seconds: number; tarballs?: PublishedFilesResult };

type Doc = { origin: string; text: string; etag?: string };

/**
 * `ferrite index npm <name|packument-file|dir>…`: files are read as they are; names are fetched
 * from the registry npm is configured with. Each package is stored in one transaction together
 * with its checkpoint; a malformed document is reported and skipped.
 */
export async function indexNpm(database: Database, inputs: string[], opts: IndexNpmOptions = {}): Promise<IndexNpmResult> {
  const out = opts.out ?? process.stderr;
  const progress = opts.progress ?? createProgress();
  const log = new RunLog(database, out);
  await log.begin('index npm', inputs);
  const started = performance.now();
  const r: IndexNpmResult = { documents: 0, unchanged: 0, packagesStored: 0, versionsStored: 0, skipped: 0, seconds: 0 };
  const files = inputs.flatMap((i) => (fs.existsSync(i) ? expand(i) : []));
  const names = inputs.filter((i) => !fs.existsSync(i));
  progress.start('npm packages', 'documents', files.length + names.length);
  // The packages whose latest version's published files the tarball step reads (null: the stored default version).
  const seen = new Map<string, string | null>();
  let registryUrl: Promise<string | null> | undefined;
  const registry = () => (registryUrl ??= opts.registry !== undefined ? Promise.resolve(opts.registry) : npmRegistryUrl());

  const handle = async (doc: Doc) => {
    r.documents++;
    let value: unknown;
    try {
      value = JSON.parse(doc.text);
    } catch (err) {
      r.skipped++;
      // V8 quotes the text around the error, NUL included.
      return log.problem({ file: doc.origin, reason: `not JSON: ${storableText((err as Error).message)}` });
    }
    const parsed = readPackument(value);
    if (!parsed.ok) {
      r.skipped++;
      return log.problem({ file: doc.origin, reason: parsed.reason });
    }
    for (const v of parsed.record.skippedVersions) log.problem({ file: doc.origin, reason: `version ${v}` });
    const sha256 = createHash('sha256').update(doc.text).digest('hex');
    const key = parsed.record.name;
    seen.set(key, parsed.record.latest);
    const [stored] = await database.db.select({ sha256: indexedFiles.sha256 }).from(indexedFiles).where(and(eq(indexedFiles.source, SOURCE), eq(indexedFiles.key, key)));
    if (stored?.sha256 === sha256) {
      r.unchanged++;
      return;
    }
    await database.db.transaction(async (tx) => {
      await storeNpmPackage(tx, key, parsed.record.meta, await keepPublishedFiles(tx, key, parsed.record.versions));
      await tx
        .insert(indexedFiles)
        .values({ source: SOURCE, key, sha256, etag: doc.etag ?? null, origin: doc.origin })
        .onConflictDoUpdate({ target: [indexedFiles.source, indexedFiles.key], set: { sha256, etag: doc.etag ?? null, origin: doc.origin, indexedAt: sql`now()` } });
    });
    r.packagesStored++;
    r.versionsStored += parsed.record.versions.length;
  };

  try {
    for (const file of files) {
      await handle({ origin: file, text: fs.readFileSync(file, 'utf8') });
      progress.update(r.documents + r.skipped);
    }
    if (names.length) {
      const reg = await registry();
      if (!reg) {
        out.write(`skipped ${names.join(', ')}: no npm registry configured (set NPM_REGISTRY_URL or npm's registry)\n`);
      } else {
        for (const name of names) {
          let doc: Awaited<ReturnType<typeof fetchPackument>>;
          try {
            doc = await fetchPackument(database, reg, name, opts.fetch ?? fetch, log);
          } catch (err) {
            if (!(err instanceof SourceUnreachable)) throw err;
            out.write(`skipped the npm registry: ${err.message}\n`);
            break;
          }
          if (doc === 'unchanged') {
            r.unchanged++;
            if (!seen.has(name)) seen.set(name, null);
          } else if (doc) await handle(doc);
          progress.update(r.documents + r.unchanged);
        }
      }
    }
    progress.stop();
    if (opts.tarballs && seen.size) {
      const reg = await registry();
      if (!reg) out.write(`skipped the npm tarballs: no npm registry configured (set NPM_REGISTRY_URL or npm's registry)\n`);
      else r.tarballs = await indexPublishedFiles(database, [...seen].map(([name, latest]) => ({ name, latest })), { registry: reg, fetch: opts.fetch, limits: opts.tarballLimits, log, out });
    }
    r.seconds = (performance.now() - started) / 1000;
    const { tarballs, ...counts } = r;
    await log.finish('completed', { ...counts, ...(tarballs && { tarballsFetched: tarballs.fetched, tarballsChanged: tarballs.changed, tarballsFailed: tarballs.failed }), seconds: Math.round(r.seconds * 10) / 10 });
    return r;
  } catch (err) {
    progress.stop();
    const { tarballs: _, ...counts } = r;
    await log.finish('failed', counts).catch(() => {});
    throw err;
  }
}

function expand(input: string): string[] {
  if (!fs.statSync(input).isDirectory()) return [input];
  return fs.readdirSync(input).filter((f) => f.endsWith('.json')).sort().map((f) => path.join(input, f));
}

async function fetchPackument(database: Database, registry: string, name: string, f: typeof fetch, log: RunLog): Promise<Doc | 'unchanged' | null> {
  // The name becomes a path on the registry's host: anything npm would not publish (`../`) could leave the registry.
  const bad = npmNameProblem(name);
  if (bad) {
    log.problem({ file: registry, reason: `${quote(name)}: ${bad}; not fetched` });
    return null;
  }
  const url = packumentUrl(registry, name);
  const [stored] = await database.db.select({ etag: indexedFiles.etag }).from(indexedFiles).where(and(eq(indexedFiles.source, SOURCE), eq(indexedFiles.key, name)));
  const headers: Record<string, string> = { 'user-agent': USER_AGENT, accept: 'application/json' };
  if (stored?.etag) headers['if-none-match'] = stored.etag;
  try {
    const res = await f(url, { headers, signal: AbortSignal.timeout(30_000) });
    if (res.status === 304) return 'unchanged';
    if (!res.ok) {
      log.problem({ file: url, reason: res.status === 404 ? `'${name}' is not on the registry` : `HTTP ${res.status}` });
      return null;
    }
    return { origin: url, text: await res.text(), etag: res.headers.get('etag') ?? undefined };
  } catch (err) {
    // A network failure (not an HTTP answer) means the registry is out of reach: say it once.
    throw new SourceUnreachable(`cannot reach ${registry}: ${(err as Error).cause ?? (err as Error).message}`);
  }
}

export function formatNpmSummary(r: IndexNpmResult): string {
  const t = r.tarballs;
  const files = t ? `; published files: ${t.fetched} read (${t.changed} changed), ${t.known} already known, ${t.failed} failed` : '';
  return `Indexed ${r.documents} npm documents in ${r.seconds.toFixed(1)} s: ${r.packagesStored} packages stored (${r.versionsStored} versions), ${r.unchanged} unchanged, ${r.skipped} skipped${files}`;
}
