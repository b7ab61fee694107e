import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { bindings, compatClaims, packages, versions } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { requireCrateVersion, requirePackage } from '../packages/service.js';
import { summarize } from './summary.js';
import { answersOnTargets, type TargetAnswer } from '../engine/compat/target-answer.js';
import { toCrateInput } from '../engine/compat/crate-input.js';
import { platformTable, targetInfos } from '../targets/listing.js';

async function claimsOf(db: DbOrTx, versionId: number) {
  const rows = await db
    .select()
    .from(compatClaims)
    .where(eq(compatClaims.versionId, versionId))
    .orderBy(asc(compatClaims.subject), asc(compatClaims.sourceKind), asc(compatClaims.source));
  return rows.map((r) => ({
    subject: r.subject,
    status: r.status,
    sourceKind: r.sourceKind,
    source: r.source,
    evidence: r.evidence,
    createdAt: r.createdAt.toISOString(),
  }));
}

/** Every claim about one crate version, the strongest answer per subject, and the npm packages that wrap the crate. */
export async function getCrateVersionCompat(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  return crateVersionCompat(db, pkg, version);
}

/** The strongest answer per subject for one version, from its claims alone (no npm wrappers). */
export async function versionSummary(db: DbOrTx, versionId: number) {
  return summarize(await claimsOf(db, versionId));
}

/** The same, for a package and version the caller has already read (the crate page has both). */
export async function crateVersionCompat(db: DbOrTx, pkg: { id: number; name: string }, version: { id: number; num: string }) {
  const [claims, wrappers] = await Promise.all([
    claimsOf(db, version.id),
    db
      .select({ npm: packages.name, kind: bindings.kind, triples: bindings.triples })
      .from(bindings)
      .innerJoin(packages, eq(packages.id, bindings.npmPackageId))
      .where(eq(bindings.cratePackageId, pkg.id))
      .orderBy(asc(packages.name)),
  ]);
  return { ecosystem: 'crates' as const, name: pkg.name, version: version.num, summary: summarize(claims), claims, bindings: wrappers };
}

/** An npm package's current version: whether it is a Rust binding, of which kind, for which targets, wrapping which crate. */
export async function getNpmCompat(db: DbOrTx, name: string) {
  const pkg = await requirePackage(db, 'npm', name);
  const [version] = pkg.defaultVersion
    ? await db.select().from(versions).where(and(eq(versions.packageId, pkg.id), eq(versions.num, pkg.defaultVersion)))
    : [];
  if (!version) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version.` });
  const claims = await claimsOf(db, version.id);
  const [binding] = await db
    .select({ kind: bindings.kind, triples: bindings.triples, crateName: bindings.crateName, crate: packages.name, evidence: bindings.evidence })
    .from(bindings)
    .leftJoin(packages, eq(packages.id, bindings.cratePackageId))
    .where(eq(bindings.npmPackageId, pkg.id));
  return {
    ecosystem: 'npm' as const,
    name: pkg.name,
    version: version.num,
    summary: summarize(claims),
    claims,
    binding: binding ? { kind: binding.kind, triples: binding.triples, crate: binding.crate ?? null, evidence: binding.evidence } : null,
  };
}

type VersionRow = typeof versions.$inferSelect;

/** Per-target answers of one version from its summary and dependencies: the one rule the page, the API, badges and target lists share. */
export function targetAnswers(summary: Awaited<ReturnType<typeof versionSummary>>, version: Pick<VersionRow, 'deps'>, triples?: string[]): TargetAnswer[] {
  const deps = toCrateInput('', { num: '0.0.0', yanked: false, deps: version.deps ?? [], features: {} }).deps;
  const input = { summary, deps, platforms: platformTable() };
  const all = targetInfos();
  return answersOnTargets(input, triples ? all.filter((t) => triples.includes(t.triple)) : all);
}

/** Every rustc target's answer for a crate version, with counts per status. */
export async function getCrateTargets(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  const targets = targetAnswers(await versionSummary(db, version.id), version);
  const counts: Record<string, number> = { yes: 0, partial: 0, no: 0, unknown: 0 };
  for (const t of targets) counts[t.status]! += 1;
  return { name: pkg.name, version: version.num, counts, targets };
}

/** One target's answer for a crate version; 404 for a triple rustc does not know. */
export async function getCrateTarget(db: DbOrTx, name: string, num: string, triple: string) {
  if (!targetInfos().some((t) => t.triple === triple)) throw new AppError('targetNotFound', { detail: `'${triple}' is not a target rustc knows.` });
  const { version } = await requireCrateVersion(db, name, num);
  return targetAnswers(await versionSummary(db, version.id), version, [triple])[0]!;
}
