import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { packages, versions, type NpmVersionFacts } from '../db/schema/index.js';
import { type IndexRecord, toIndexColumns } from '../engine/formats/index-record.js';
import { nameKey, packageNameProblem } from '../engine/formats/names.js';
import { quote } from '../engine/formats/untrusted-json.js';
import { defaultVersion, maxVersion } from '../engine/formats/versions-order.js';
import { queuePackageChanged } from '../outbox/topics.js';

export type PackageMeta = Partial<{
  description: string | null;
  repository: string | null;
  homepage: string | null;
  documentation: string | null;
  license: string | null;
  keywords: string[];
  categories: string[];
  downloads: number | null;
}>;

/**
 * Upserts a package row by its ecosystem identity and returns its id. Only the metadata
 * fields given are changed, so a source that knows less never erases what another stored.
 * Sources check names first and report what they refuse; this is the catalog's last guard.
 */
export async function upsertPackage(tx: DbOrTx, ecosystem: 'crates' | 'npm', name: string, meta: PackageMeta = {}) {
  const bad = packageNameProblem(ecosystem, name);
  if (bad) throw new Error(`refusing to store the ${ecosystem} package ${quote(name)}: ${bad}`);
  const set = Object.fromEntries(Object.entries(meta).filter(([, v]) => v !== undefined));
  const [row] = await tx
    .insert(packages)
    .values({ ecosystem, name, nameKey: nameKey(ecosystem, name), ...set })
    .onConflictDoUpdate({
      target: [packages.ecosystem, packages.nameKey],
      set: { ...set, updatedAt: sql`now()` },
    })
    .returning({ id: packages.id });
  return row!.id;
}

/** Recomputes the derived version fields of a package and queues its search document. */
export async function refreshPackage(tx: DbOrTx, packageId: number) {
  const vs = await tx.select({ num: versions.num, yanked: versions.yanked }).from(versions).where(eq(versions.packageId, packageId));
  await tx
    .update(packages)
    .set({ defaultVersion: defaultVersion(vs), maxVersion: maxVersion(vs), versionCount: vs.length, updatedAt: sql`now()` })
    .where(eq(packages.id, packageId));
  await queuePackageChanged(tx, packageId);
}

/**
 * Stores the records of one crate's index file in one transaction. Re-storing the same
 * records changes nothing but `yanked` and the fields a re-published index may correct.
 */
export async function storeCrateRecords(db: DbOrTx, records: IndexRecord[], meta: PackageMeta = {}) {
  if (records.length === 0) throw new Error('storeCrateRecords needs at least one record');
  return db.transaction(async (tx) => {
    const packageId = await upsertPackage(tx, 'crates', records[0]!.name, meta);
    for (const r of records) {
      const cols = toIndexColumns(r);
      await tx
        .insert(versions)
        .values({ packageId, ...cols })
        .onConflictDoUpdate({ target: [versions.packageId, versions.num], set: cols });
    }
    await refreshPackage(tx, packageId);
    return packageId;
  });
}

export type NpmVersionInput = { num: string; publishedAt: Date | null; facts: NpmVersionFacts };

/** Stores an npm package and its versions in one transaction. */
export async function storeNpmPackage(db: DbOrTx, name: string, meta: PackageMeta, vs: NpmVersionInput[]) {
  return db.transaction(async (tx) => {
    const packageId = await upsertPackage(tx, 'npm', name, meta);
    for (const v of vs) {
      const cols = { publishedAt: v.publishedAt, npm: v.facts };
      await tx
        .insert(versions)
        .values({ packageId, num: v.num, ...cols })
        .onConflictDoUpdate({ target: [versions.packageId, versions.num], set: cols });
    }
    await refreshPackage(tx, packageId);
    return packageId;
  });
}
