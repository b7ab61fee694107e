import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { registryOwners, versions } from '../db/schema/index.js';
import { crateVersionCompat, targetAnswers } from '../compat/service.js';
import { requirePackage } from './service.js';
import { newestFirst } from '../engine/formats/versions-order.js';
import { AppError } from '../lib/problems.js';
import { currentMetadata } from '../metadata/service.js';
import { decisionsFor } from '../governance/queries.js';
import { ownersOf } from '../owners/service.js';
import { toCrateInput } from '../engine/compat/crate-input.js';
import { featureAccelerators } from '../engine/compat/features.js';
import { PROFILES } from '../engine/compat/profiles.js';
import { allTargets, platformTable } from '../targets/listing.js';
import { crateSecurity } from '../advisories/page.js';
import { maintenanceSignals } from '../advisories/maintenance.js';
import { dependentCounts } from '../dependents/service.js';
import { archiveDates, archiveFacts } from '../archives/service.js';
import { publishDates } from '../archives/publish-dates.js';

export type DepView = { name: string; crate: string; req: string; optional: boolean; features: string[] };
export type DepGroup = { target: string | null; profiles: string[]; problem: string | null; deps: DepView[] };
/**
 * A version's dependencies by cargo's kind, each grouped by target: `normal` ones are what a user
 * of the crate compiles; `build` ones run in its build script on the build machine; `dev` ones
 * serve its own tests, examples and benchmarks and never reach a user's build.
 */
export type DepSections = Record<'normal' | 'build' | 'dev', DepGroup[]>;

/** Everything the crate page shows, for one version (the default version unless one is asked for). */
export async function loadCratePage(db: DbOrTx, name: string, wanted?: string) {
  const pkg = await requirePackage(db, 'crates', name);
  // The list needs four columns; only the version shown needs its dependencies and features.
  const all = newestFirst(
    await db
      .select({ num: versions.num, yanked: versions.yanked, publishedAt: versions.publishedAt, rustVersion: versions.rustVersion, registryCreatedAt: versions.registryCreatedAt, createdAt: versions.createdAt })
      .from(versions)
      .where(eq(versions.packageId, pkg.id)),
  );
  const num = wanted ?? pkg.defaultVersion ?? all[0]?.num ?? '';
  const [version] = await db.select().from(versions).where(and(eq(versions.packageId, pkg.id), eq(versions.num, num)));
  if (!version) throw new AppError('versionNotFound', { detail: `${pkg.name} has no version ${num}.` });
  // Independent reads: on a server they overlap instead of queueing one by one.
  const [metadata, ferriteOwners, decisions, compat, owners, targets, dependents, security, archive, stored] = await Promise.all([
    currentMetadata(db, pkg.id),
    ownersOf(db, pkg.id),
    decisionsFor(db, pkg.id),
    crateVersionCompat(db, pkg, version),
    db.select().from(registryOwners).where(eq(registryOwners.packageId, pkg.id)).orderBy(asc(registryOwners.login)),
    allTargets(db),
    dependentCounts(db, pkg.id),
    crateSecurity(db, pkg, version.num, all),
    archiveFacts(db, pkg.name, version.num),
    archiveDates(db, pkg.id),
  ]);
  const input = toCrateInput(pkg.name, { num: version.num, yanked: version.yanked, deps: version.deps ?? [], features: version.features ?? {}, features2: version.features2, links: version.links, rustVersion: version.rustVersion });
  const accels = featureAccelerators(input);
  const features = Object.entries(input.features)
    .map(([feature, enables]) => ({ feature, enables, accelerators: accels.get(feature) ?? [] }))
    .sort((a, b) => (a.feature === 'default' ? -1 : b.feature === 'default' ? 1 : a.feature.localeCompare(b.feature)));
  return {
    pkg,
    version,
    versions: all,
    compat,
    owners,
    metadata,
    ferriteOwners,
    decisions,
    targets,
    targetAnswers: targetAnswers(compat.summary, version),
    features,
    deps: {
      normal: groupDeps(input.deps.filter((d) => d.kind === 'normal')),
      build: groupDeps(input.deps.filter((d) => d.kind === 'build')),
      dev: groupDeps(input.deps.filter((d) => d.kind === 'dev')),
    } satisfies DepSections,
    dependents,
    security,
    /** The owners' declared maintenance status beside RustSec's unmaintained notices on the current version. */
    maintenance: maintenanceSignals(metadata?.manifest.maintenance?.status ?? null, [...security.forVersion, ...security.others], pkg.defaultVersion),
    /** What this version's own published archive says (README, Cargo.toml, no_std), or null when none is stored. */
    archive,
    publishDates: publishDates(all, stored),
  };
}

/** Dependencies (of one kind) grouped by the `target` they are declared for, each group with the profiles it applies to. */
function groupDeps(deps: ReturnType<typeof toCrateInput>['deps']): DepGroup[] {
  const table = platformTable();
  const groups = new Map<string | null, DepGroup>();
  for (const d of deps) {
    let g = groups.get(d.target);
    if (!g) {
      g = {
        target: d.target,
        profiles: d.target === null ? [...PROFILES] : PROFILES.filter((p) => table.appliesToProfile(d.target, p)),
        problem: d.target === null ? null : table.problem(d.target),
        deps: [],
      };
      groups.set(d.target, g);
    }
    g.deps.push({ name: d.local, crate: d.crate, req: d.req, optional: d.optional, features: d.features });
  }
  for (const g of groups.values()) g.deps.sort((a, b) => a.name.localeCompare(b.name));
  return [...groups.values()].sort((a, b) => (a.target === null ? -1 : b.target === null ? 1 : a.target.localeCompare(b.target)));
}

export type CratePage = Awaited<ReturnType<typeof loadCratePage>>;
