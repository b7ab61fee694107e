import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../../api/db/client.js';
import { packages, versions } from '../../api/db/schema/index.js';
import { COMPAT_TOPIC, enqueue } from '../../api/outbox/topics.js';
import type { NpmVersionFacts, PublishedFiles } from '../../api/engine/formats/npm-facts.js';
import { nameKey } from '../../api/engine/formats/names.js';
import type { NpmVersionInput } from '../../api/packages/write.js';
import type { RunLog } from '../run-log.js';
import { expectedChecksum, readTarballFiles, TarballRefused, type TarballLimits } from './tarball-files.js';

export type PublishedFilesResult = { fetched: number; changed: number; known: number; failed: number };
export type PublishedFilesOptions = { registry: string; fetch?: typeof fetch; limits?: Partial<TarballLimits>; log: RunLog; out: NodeJS.WritableStream };

/** A list read earlier still describes the version when the packument promises the same bytes (npm versions are immutable). */
function stillValid(list: PublishedFiles | undefined, dist: NpmVersionFacts['dist']): boolean {
  return !!list && expectedChecksum(dist)?.sri === list.integrity;
}

/**
 * Re-storing a packument replaces each version's facts; the file lists read from tarballs are not
 * in the packument, so they are carried over (when the checksum still matches) instead of being
 * fetched again.
 */
export async function keepPublishedFiles(tx: DbOrTx, name: string, input: NpmVersionInput[]): Promise<NpmVersionInput[]> {
  const rows = await tx
    .select({ num: versions.num, npm: versions.npm })
    .from(versions)
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .where(and(eq(packages.ecosystem, 'npm'), eq(packages.nameKey, nameKey('npm', name)), sql`${versions.npm} -> 'publishedFiles' is not null`));
  const kept = new Map(rows.map((r) => [r.num, r.npm?.publishedFiles]));
  return input.map((v) => {
    const list = kept.get(v.num);
    return list && stillValid(list, v.facts.dist) ? { ...v, facts: { ...v.facts, publishedFiles: list } } : v;
  });
}

/**
 * Reads the published file list of each package's `latest` version (else its default version)
 * from the registry's tarball, once: versions that already have a list for the same checksum are
 * skipped. A new or different list is stored with a `compat.package` outbox row in one
 * transaction, so the compatibility pass re-infers the package. A tarball that cannot be read is
 * reported in the run log and skipped; when the registry is out of reach the step stops after
 * saying so once.
 */
export async function indexPublishedFiles(database: Database, wanted: { name: string; latest: string | null }[], opts: PublishedFilesOptions): Promise<PublishedFilesResult> {
  const r: PublishedFilesResult = { fetched: 0, changed: 0, known: 0, failed: 0 };
  if (!wanted.length) return r;
  const latest = new Map(wanted.map((w) => [w.name, w.latest]));
  const rows = await database.db
    .select({ versionId: versions.id, packageId: packages.id, name: packages.name, num: versions.num, defaultVersion: packages.defaultVersion, npm: versions.npm })
    .from(versions)
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .where(and(eq(packages.ecosystem, 'npm'), inArray(packages.nameKey, [...latest.keys()].map((n) => nameKey('npm', n)))));
  const current = rows.filter((row) => row.num === (latest.get(row.name) ?? row.defaultVersion));
  for (const row of current) {
    const facts = row.npm ?? {};
    if (stillValid(facts.publishedFiles, facts.dist)) {
      r.known++;
      continue;
    }
    let list: PublishedFiles;
    try {
      list = await readTarballFiles(facts.dist, opts.registry, { fetch: opts.fetch, limits: opts.limits });
    } catch (err) {
      if (!(err instanceof TarballRefused)) throw err;
      r.failed++;
      opts.log.problem({ file: `${row.name}@${row.num} tarball`, reason: err.message });
      if (err.unreachable) {
        opts.out.write(`skipped the remaining npm tarballs: the registry is out of reach\n`);
        break;
      }
      continue;
    }
    r.fetched++;
    const changed = JSON.stringify(facts.publishedFiles?.files ?? null) !== JSON.stringify(list.files);
    await database.db.transaction(async (tx) => {
      await tx
        .update(versions)
        .set({ npm: sql`coalesce(${versions.npm}, '{}'::jsonb) || jsonb_build_object('publishedFiles', ${JSON.stringify(list)}::jsonb)` })
        .where(eq(versions.id, row.versionId));
      if (changed) await enqueue(tx, COMPAT_TOPIC, [row.packageId]);
    });
    if (changed) r.changed++;
  }
  return r;
}
