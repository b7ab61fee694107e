import { and, asc, eq, gt, sql } from 'drizzle-orm';
import semver from 'semver';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { packages, versions } from '../db/schema/index.js';
import { decodeCursor, pageOf } from '../lib/pagination.js';
import { AppError } from '../lib/problems.js';
import { fromIndexColumns } from '../engine/formats/index-record.js';
import { nameKey } from '../engine/formats/names.js';
import { newestFirst } from '../engine/formats/versions-order.js';

type PackageRow = typeof packages.$inferSelect;
type VersionRow = typeof versions.$inferSelect;

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export async function listPackages(db: DbOrTx, q: { ecosystem?: 'crates' | 'npm'; cursor?: string; limit: number }) {
  const after = q.cursor ? decodeCursor(q.cursor, z.tuple([z.enum(['crates', 'npm']), z.string()])) : null;
  const rows = await db
    .select()
    .from(packages)
    .where(
      and(
        q.ecosystem ? eq(packages.ecosystem, q.ecosystem) : undefined,
        after ? gt(sql`(${packages.ecosystem}::text, ${packages.nameKey})`, sql`(${after[0]}::text, ${after[1]})`) : undefined,
      ),
    )
    .orderBy(sql`${packages.ecosystem}::text`, asc(packages.nameKey))
    .limit(q.limit + 1);
  return pageOf(rows, q.limit, toSummary, (r) => [r.ecosystem, r.nameKey]);
}

function toSummary(p: PackageRow) {
  return {
    ecosystem: p.ecosystem,
    name: p.name,
    description: p.description,
    defaultVersion: p.defaultVersion,
    versionCount: p.versionCount,
    downloads: p.downloads,
    updatedAt: p.updatedAt.toISOString(),
  };
}

export async function findPackage(db: DbOrTx, ecosystem: 'crates' | 'npm', name: string) {
  const [row] = await db
    .select()
    .from(packages)
    .where(and(eq(packages.ecosystem, ecosystem), eq(packages.nameKey, nameKey(ecosystem, name))));
  return row ?? null;
}

export async function requirePackage(db: DbOrTx, ecosystem: 'crates' | 'npm', name: string) {
  const row = await findPackage(db, ecosystem, name);
  if (!row) throw new AppError('packageNotFound', { detail: `No ${ecosystem === 'crates' ? 'crate' : 'npm package'} named '${name}' is indexed.` });
  return row;
}

/** Versions newest first (semver order, not publish order). */
async function versionsOf(db: DbOrTx, packageId: number) {
  const rows = await db.select().from(versions).where(eq(versions.packageId, packageId));
  return newestFirst(rows);
}

function toCratesIoVersion(p: PackageRow, v: VersionRow) {
  return {
    id: v.id,
    crate: p.name,
    num: v.num,
    yanked: v.yanked,
    rust_version: v.rustVersion,
    features: { ...(v.features ?? {}), ...(v.features2 ?? {}) },
    links: v.links,
    checksum: v.cksum,
    created_at: iso(v.publishedAt),
    dl_path: `/api/v1/crates/${p.name}/${v.num}/download`,
  };
}

function toCratesIoCrate(p: PackageRow, vs: VersionRow[]) {
  const stable = vs.find((v) => !v.yanked && !semver.prerelease(v.num));
  return {
    id: p.name,
    name: p.name,
    description: p.description,
    homepage: p.homepage,
    documentation: p.documentation,
    repository: p.repository,
    license: p.license,
    downloads: p.downloads,
    recent_downloads: p.recentDownloads,
    max_version: p.maxVersion,
    max_stable_version: stable?.num ?? null,
    newest_version: p.maxVersion,
    default_version: p.defaultVersion,
    num_versions: p.versionCount,
    keywords: p.keywords,
    categories: p.categories,
    created_at: p.createdAt.toISOString(),
    updated_at: p.updatedAt.toISOString(),
  };
}

export async function getCrate(db: DbOrTx, name: string) {
  const p = await requirePackage(db, 'crates', name);
  const vs = await versionsOf(db, p.id);
  return { crate: toCratesIoCrate(p, vs), versions: vs.map((v) => toCratesIoVersion(p, v)) };
}

export async function getCrateVersions(db: DbOrTx, name: string) {
  const { versions: vs } = await getCrate(db, name);
  return { versions: vs, meta: { total: vs.length } };
}

export async function requireCrateVersion(db: DbOrTx, name: string, num: string) {
  const pkg = await requirePackage(db, 'crates', name);
  return { pkg, version: await requireVersionOf(db, pkg, num) };
}

/** One version of a package the caller has already read. */
export async function requireVersionOf(db: DbOrTx, pkg: { id: number; name: string }, num: string) {
  const [v] = await db.select().from(versions).where(and(eq(versions.packageId, pkg.id), eq(versions.num, num)));
  if (!v) throw new AppError('versionNotFound', { detail: `${pkg.name} has no version ${num}.` });
  return v;
}

export async function getCrateVersion(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  return { version: toCratesIoVersion(pkg, version) };
}

export async function getIndexRecord(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  return indexRecordOf(pkg.name, version);
}

export function indexRecordOf(name: string, v: VersionRow) {
  return fromIndexColumns(name, {
    num: v.num,
    yanked: v.yanked,
    cksum: v.cksum ?? '',
    deps: v.deps ?? [],
    features: v.features ?? {},
    features2: v.features2,
    links: v.links,
    rustVersion: v.rustVersion,
    indexV: v.indexV,
    indexExtra: v.indexExtra,
    publishedAt: v.publishedAt,
  });
}

export async function getNpmPackage(db: DbOrTx, name: string) {
  const p = await requirePackage(db, 'npm', name);
  const vs = await versionsOf(db, p.id);
  return {
    ecosystem: 'npm' as const,
    name: p.name,
    description: p.description,
    repository: p.repository,
    homepage: p.homepage,
    license: p.license,
    keywords: p.keywords,
    latestVersion: p.defaultVersion,
    versions: vs.map((v) => ({
      version: v.num,
      publishedAt: iso(v.publishedAt),
      deprecated: v.npm?.deprecated ?? null,
      os: v.npm?.os ?? [],
      cpu: v.npm?.cpu ?? [],
      libc: v.npm?.libc ?? [],
      engines: v.npm?.engines ?? {},
      napi: v.npm?.napi ?? null,
      optionalDependencies: v.npm?.optionalDependencies ?? {},
    })),
    updatedAt: p.updatedAt.toISOString(),
  };
}
