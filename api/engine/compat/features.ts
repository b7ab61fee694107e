import type { CrateVersionInput } from './crate-input.js';
import { ACCELERATOR_CRATES, type Accelerator, acceleratorOfFeature } from './knowledge.js';

/** What a set of features turns on: features (closed over the feature map) and optional dependencies (by local name). */
export type Enabled = { features: Set<string>; deps: Set<string>; depFeatures: Map<string, Set<string>> };

/**
 * Expands features the way Cargo does: `feat`, `dep:name`, `name/feat` (enables the optional
 * dependency too) and `name?/feat` (only if something else enables it). A plain name that is
 * not a feature but an optional dependency is that dependency's implicit feature.
 */
export function expandFeatures(v: CrateVersionInput, roots: string[]): Enabled {
  const optional = new Set(v.deps.filter((d) => d.optional).map((d) => d.local));
  const out: Enabled = { features: new Set(), deps: new Set(), depFeatures: new Map() };
  const weak: [string, string][] = [];
  const addDepFeature = (dep: string, feat: string) => {
    const set = out.depFeatures.get(dep) ?? new Set<string>();
    set.add(feat);
    out.depFeatures.set(dep, set);
  };
  const visit = (item: string): void => {
    if (item.startsWith('dep:')) {
      out.deps.add(item.slice(4));
      return;
    }
    const slash = item.indexOf('/');
    if (slash > 0) {
      const dep = item.slice(0, slash);
      const feat = item.slice(slash + 1);
      if (dep.endsWith('?')) weak.push([dep.slice(0, -1), feat]);
      else {
        if (optional.has(dep)) out.deps.add(dep);
        if (Object.hasOwn(v.features, dep) && !out.features.has(dep)) visit(dep);
        addDepFeature(dep, feat);
      }
      return;
    }
    if (out.features.has(item)) return;
    if (Object.hasOwn(v.features, item)) {
      out.features.add(item);
      v.features[item]!.forEach(visit);
    } else if (optional.has(item)) out.deps.add(item);
  };
  roots.forEach(visit);
  for (const [dep, feat] of weak) if (out.deps.has(dep) || !optional.has(dep)) addDepFeature(dep, feat);
  return out;
}

/** Features whose expansion enables the optional dependency `local`, shortest names first. */
export function featuresEnabling(v: CrateVersionInput, local: string): string[] {
  return Object.keys(v.features)
    .filter((f) => f !== 'default' && expandFeatures(v, [f]).deps.has(local))
    .sort((a, b) => a.length - b.length || a.localeCompare(b));
}

/**
 * The accelerators each feature turns on: by its own name, the features it enables, the
 * accelerator crates it pulls in, and the dependency features it sets (`candle-core/cuda`).
 */
export function featureAccelerators(v: CrateVersionInput): Map<string, Accelerator[]> {
  const crateOf = new Map(v.deps.map((d) => [d.local, d.crate]));
  const out = new Map<string, Accelerator[]>();
  for (const f of Object.keys(v.features)) {
    const on = expandFeatures(v, [f]);
    const found = new Set<Accelerator>();
    const add = (a: Accelerator | undefined) => a && found.add(a);
    [...on.features].forEach((x) => add(acceleratorOfFeature(x)));
    on.deps.forEach((d) => add(ACCELERATOR_CRATES[crateOf.get(d) ?? d]));
    on.depFeatures.forEach((feats) => feats.forEach((x) => add(acceleratorOfFeature(x))));
    out.set(f, [...found].sort());
  }
  return out;
}
