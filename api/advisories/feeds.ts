import { and, eq, getTableColumns, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { advisories, categories, compatClaims, packages, versions } from '../db/schema/index.js';
import { summarize } from '../compat/summary.js';
import { targetAnswers } from '../compat/service.js';
import { AppError } from '../lib/problems.js';
import { getTarget } from '../targets/service.js';
import type { AdvisoryRow } from './service.js';

/** How many advisories a narrowed feed carries, as many as the overall one. */
const FEED_SIZE = 50;

const newestFirst = [sql`${advisories.date} desc`, sql`${advisories.id} desc`];

/**
 * Joins that keep an advisory whose crate the category and target pages can list: indexed, with a
 * current version that is not yanked (search documents, which those pages read, leave the others out).
 */
const advisedCrate = and(eq(packages.ecosystem, 'crates'), eq(packages.nameKey, advisories.packageKey));
const currentVersion = and(eq(versions.packageId, packages.id), eq(versions.num, packages.defaultVersion), eq(versions.yanked, false));

/** The category rule of the category pages and search: a slug matches itself and its subcategories (`science` holds `science::ml`). */
const inCategory = (slug: string) => sql`exists (select 1 from unnest(${packages.categories}) c where c = ${slug} or c like ${`${slug}::%`})`;

/**
 * The category's name and its newest advisories (withdrawn ones included, as in the overall feed)
 * whose crate carries it. A slug is known when the category tree has it or an indexed package
 * carries it (the category page makes a node for such a slug too); otherwise 404.
 */
export async function categoryAdvisories(db: DbOrTx, slug: string): Promise<{ name: string; advisories: AdvisoryRow[] }> {
  const [known] = await db.select({ name: categories.name }).from(categories).where(eq(categories.slug, slug));
  if (!known) {
    const [used] = await db.select({ id: packages.id }).from(packages).where(inCategory(slug)).limit(1);
    if (!used) throw new AppError('notFound', { detail: `There is no category '${slug}'.` });
  }
  const rows = await db
    .select(getTableColumns(advisories))
    .from(advisories)
    .innerJoin(packages, advisedCrate)
    .innerJoin(versions, currentVersion)
    .where(inCategory(slug))
    .orderBy(...newestFirst)
    .limit(FEED_SIZE);
  return { name: known?.name ?? slug, advisories: rows };
}

/**
 * The newest advisories whose crate the target page lists: the per-target rule (`targetAnswers`,
 * which the crate page, badges and search documents share) answers yes or partial on `triple`
 * for the crate's current version. The rule is evaluated here on the catalog rather than read
 * from the search documents, so the feed does not depend on which search engine is in use.
 * 404 for a triple rustc does not know.
 */
export async function targetAdvisories(db: DbOrTx, triple: string): Promise<AdvisoryRow[]> {
  await getTarget(db, triple);
  const candidates = await db
    .select({ id: advisories.id, versionId: versions.id })
    .from(advisories)
    .innerJoin(packages, advisedCrate)
    .innerJoin(versions, currentVersion)
    .orderBy(...newestFirst);
  const runs = await versionsRunningOn(db, [...new Set(candidates.map((c) => c.versionId))], triple);
  const ids = candidates.filter((c) => runs.has(c.versionId)).slice(0, FEED_SIZE).map((c) => c.id);
  if (!ids.length) return [];
  return db.select().from(advisories).where(inArray(advisories.id, ids)).orderBy(...newestFirst);
}

/** Which of these versions the per-target rule answers yes or partial for on `triple`; claims are read in one query, not one per version. */
async function versionsRunningOn(db: DbOrTx, versionIds: number[], triple: string): Promise<Set<number>> {
  if (!versionIds.length) return new Set();
  const [claims, deps] = await Promise.all([
    db
      .select({ versionId: compatClaims.versionId, subject: compatClaims.subject, status: compatClaims.status, sourceKind: compatClaims.sourceKind, source: compatClaims.source, createdAt: compatClaims.createdAt })
      .from(compatClaims)
      .where(inArray(compatClaims.versionId, versionIds)),
    db.select({ id: versions.id, deps: versions.deps }).from(versions).where(inArray(versions.id, versionIds)),
  ]);
  // The answer's status never depends on evidence text, so none is read (as search documents do).
  const byVersion = new Map<number, { subject: string; status: string; sourceKind: (typeof claims)[number]['sourceKind']; source: string; createdAt: string; evidence: [] }[]>();
  for (const c of claims) {
    const list = byVersion.get(c.versionId) ?? [];
    list.push({ ...c, createdAt: c.createdAt.toISOString(), evidence: [] });
    byVersion.set(c.versionId, list);
  }
  const out = new Set<number>();
  for (const v of deps) {
    const [answer] = targetAnswers(summarize(byVersion.get(v.id) ?? []), v, [triple]);
    if (answer?.status === 'yes' || answer?.status === 'partial') out.add(v.id);
  }
  return out;
}
