import semver from 'semver';
import type { CrateVersionInput } from '../compat/crate-input.js';
import { expandFeatures } from '../compat/features.js';
import { cargoRange, type CrateUniverse } from '../compat/universe.js';
import { isAffected, requirementRange, type VersionRules } from './affected.js';

/** A crate version the root pulls in, with how it was first reached. */
export type ReachedVersion = {
  version: CrateVersionInput;
  /** `name num` labels from the root to this version, both included. */
  path: string[];
  /** The requirement the last step of the path asked for (the root's own is '' ). */
  req: string;
};

const label = (v: CrateVersionInput) => `${v.name} ${v.num}`;
const keyOf = (v: CrateVersionInput) => `${v.name}@${v.num}`;

/**
 * The versions a build of `root` with its default features pulls in, the way the compatibility
 * engine resolves them (CrateUniverse: the newest non-yanked version each requirement allows).
 * Normal dependencies only (dev-dependencies never reach dependents; build-dependencies run on
 * the build host), for every target as Cargo.lock lists them; an optional dependency counts when
 * the features enabled on its dependent turn it on. Features are unified per version as Cargo
 * does: a version reached again with more features is walked again. Paths are the first found,
 * breadth first, so they are among the shortest.
 */
export function walkDependencies(root: CrateVersionInput, universe: CrateUniverse): ReachedVersion[] {
  const reached = new Map<string, ReachedVersion & { features: Set<string> }>();
  const start = { version: root, path: [label(root)], req: '', features: new Set(['default']) };
  reached.set(keyOf(root), start);
  const queue = [start];
  while (queue.length) {
    const node = queue.shift()!;
    const v = node.version;
    const on = expandFeatures(v, [...node.features]);
    for (const d of v.deps) {
      if (d.kind !== 'normal' || (d.optional && !on.deps.has(d.local))) continue;
      const dep = universe.resolve(d.crate, d.req);
      if (!dep) continue;
      const wanted = [...d.features, ...(on.depFeatures.get(d.local) ?? []), ...(d.defaultFeatures ? ['default'] : [])];
      const known = reached.get(keyOf(dep));
      if (!known) {
        const fresh = { version: dep, path: [...node.path, label(dep)], req: d.req, features: new Set(wanted) };
        reached.set(keyOf(dep), fresh);
        queue.push(fresh);
      } else if (wanted.some((f) => !known.features.has(f))) {
        wanted.forEach((f) => known.features.add(f));
        queue.push(known);
      }
    }
  }
  return [...reached.values()].map(({ version, path, req }) => ({ version, path, req }));
}

export type AdvisoryRules = VersionRules & { id: string };

export type DependencyFinding<A> = {
  advisory: A;
  path: string[];
  /** The requirement on the path's last step. */
  req: string;
  semverCompatibleFix: boolean;
  /** The version that avoids it within that requirement: a published one, else the patched release the advisory names. */
  fixVersion: string | null;
};

/**
 * Advisories that reach `root` through its dependencies, one finding per affected version
 * reached. `advisoriesOf` gives a crate's advisories by name.
 */
export function dependencyFindings<A extends AdvisoryRules>(
  root: CrateVersionInput,
  universe: CrateUniverse,
  advisoriesOf: (crate: string) => A[],
): DependencyFinding<A>[] {
  const out: DependencyFinding<A>[] = [];
  for (const r of walkDependencies(root, universe).slice(1)) {
    for (const a of advisoriesOf(r.version.name)) {
      if (!isAffected(a, r.version.num)) continue;
      const fixVersion = compatibleFix(a, r, universe);
      out.push({ advisory: a, path: r.path, req: r.req, semverCompatibleFix: fixVersion !== null, fixVersion });
    }
  }
  return out;
}

/**
 * A newer version that the requirement on the path allows (by Cargo's matching) and the advisory
 * does not affect. Versions Ferrite has indexed come first; else the lowest version of a patched
 * range, when the requirement allows it: a fix released after the index was read.
 */
export function compatibleFix(a: VersionRules, r: ReachedVersion, universe: CrateUniverse): string | null {
  const range = cargoRange(r.req);
  if (!range) return null;
  const allowed = (v: string) => semver.gt(v, r.version.num) && semver.satisfies(v, range, { loose: true });
  const published = universe
    .versions(r.version.name)
    .filter((v) => !v.yanked && allowed(v.num) && !isAffected(a, v.num))
    .map((v) => v.num)
    .sort(semver.compare);
  if (published.length) return published[0]!;
  const named = a.patched
    .map((p) => requirementRange(p))
    .map((p) => (p ? semver.minVersion(p)?.version ?? null : null))
    .filter((v): v is string => v !== null && allowed(v) && !isAffected(a, v))
    .sort(semver.compare);
  return named[0] ?? null;
}
