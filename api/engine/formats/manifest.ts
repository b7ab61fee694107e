import { parse as parseToml } from 'smol-toml';
import { crateNameProblem } from './names.js';
import { quote, storableText } from './untrusted-json.js';

/** What Ferrite takes from a Cargo.toml. Every field is as written; absent stays absent. */
export type ManifestFacts = {
  name: string;
  version?: string;
  description?: string;
  keywords?: string[];
  categories?: string[];
  license?: string;
  repository?: string;
  homepage?: string;
  documentation?: string;
  rustVersion?: string;
  edition?: string;
  links?: string;
  features?: Record<string, string[]>;
  /** `[target.'cfg(…)'.dependencies]` and friends: target expression → dependency names. */
  targetDependencies?: Record<string, string[]>;
  /** `[package.metadata.docs.rs]`: the targets docs.rs builds, real per-target evidence. */
  docsRs?: { targets?: string[]; defaultTarget?: string; features?: string[]; allFeatures?: boolean };
  /** From a `.crate` archive's `src/lib.rs`: the crate-level no_std attribute, verbatim. */
  noStdAttribute?: string;
  /** Fields inherited from a workspace that could not be resolved from the file alone. */
  unresolvedWorkspaceFields?: string[];
};

export type ManifestResult = { ok: true; facts: ManifestFacts } | { ok: false; reason: string };

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'string') ? (v as string[]) : undefined);

/**
 * Reads a Cargo.toml. `workspace` is the `[workspace.package]` table of the enclosing workspace,
 * when known, to resolve `field.workspace = true`.
 */
export function readManifest(text: string, workspace: Record<string, unknown> = {}): ManifestResult {
  let doc: Record<string, unknown>;
  try {
    doc = parseToml(text) as Record<string, unknown>;
  } catch (err) {
    // The parser quotes the text around the error, which may hold anything.
    return { ok: false, reason: `not TOML: ${storableText((err as Error).message.split('\n')[0]!)}` };
  }
  const pkg = doc.package as Record<string, unknown> | undefined;
  if (!pkg || typeof pkg.name !== 'string') return { ok: false, reason: 'no [package] name (a workspace root or not a crate manifest)' };
  const badName = crateNameProblem(pkg.name);
  if (badName) return { ok: false, reason: `name ${quote(pkg.name)}: ${badName}` };
  const unresolved: string[] = [];
  const field = (key: string): unknown => {
    const v = pkg[key];
    if (v && typeof v === 'object' && !Array.isArray(v) && (v as { workspace?: unknown }).workspace === true) {
      if (key in workspace) return workspace[key];
      unresolved.push(key);
      return undefined;
    }
    return v;
  };
  const facts: ManifestFacts = { name: pkg.name };
  const set = <K extends keyof ManifestFacts>(k: K, v: ManifestFacts[K] | undefined) => {
    if (v !== undefined) facts[k] = v;
  };
  set('version', str(field('version')));
  set('description', str(field('description'))?.trim());
  set('keywords', strs(field('keywords')));
  set('categories', strs(field('categories')));
  set('license', str(field('license')));
  set('repository', str(field('repository')));
  set('homepage', str(field('homepage')));
  set('documentation', str(field('documentation')));
  set('rustVersion', str(field('rust-version')));
  set('edition', str(field('edition')));
  set('links', str(pkg.links));
  const features = doc.features as Record<string, unknown> | undefined;
  if (features) set('features', Object.fromEntries(Object.entries(features).map(([k, v]) => [k, strs(v) ?? []])));
  const target = doc.target as Record<string, Record<string, unknown>> | undefined;
  if (target) {
    const deps: Record<string, string[]> = {};
    for (const [expr, tables] of Object.entries(target)) {
      const names = ['dependencies', 'build-dependencies', 'dev-dependencies'].flatMap((t) => Object.keys((tables?.[t] as object) ?? {}));
      if (names.length) deps[expr] = names;
    }
    set('targetDependencies', deps);
  }
  const docsRs = ((pkg.metadata as Record<string, unknown> | undefined)?.['docs.rs'] ?? (pkg.metadata as Record<string, Record<string, unknown>> | undefined)?.docs?.rs) as Record<string, unknown> | undefined;
  if (docsRs) {
    set('docsRs', {
      ...(strs(docsRs.targets) ? { targets: strs(docsRs.targets) } : {}),
      ...(str(docsRs['default-target']) ? { defaultTarget: str(docsRs['default-target']) } : {}),
      ...(strs(docsRs.features) ? { features: strs(docsRs.features) } : {}),
      ...(typeof docsRs['all-features'] === 'boolean' ? { allFeatures: docsRs['all-features'] } : {}),
    });
  }
  if (unresolved.length) facts.unresolvedWorkspaceFields = unresolved;
  return { ok: true, facts };
}

/**
 * The crate-level no_std attribute at the top of a lib.rs: `#![no_std]` or a `cfg_attr` form
 * such as `#![cfg_attr(not(feature = "std"), no_std)]`, verbatim; null when there is none.
 * Crate-level attributes are inner attributes (`#![…]`), which rustc accepts only at the top.
 */
export function noStdAttribute(libRs: string): string | null {
  const src = libRs.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
  for (const m of src.matchAll(/#!\[((?:[^\[\]]|\[[^\]]*\])*)\]/g)) {
    const inner = m[1]!.replace(/\s+/g, ' ').trim();
    if (inner === 'no_std' || /^cfg_attr\(.*\bno_std\b.*\)$/.test(inner)) return `#![${inner}]`;
  }
  return null;
}
