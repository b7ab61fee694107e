import { defaultVersion } from '../formats/versions-order.js';
import type { NpmVersionFacts } from '../formats/npm-facts.js';
import type { CrateVersionInput } from './crate-input.js';
import type { CrateEngine } from './infer-crate.js';
import { type Binding, inferNpm, type NpmVerdict, type ParentBinding, platformChildren } from './infer-npm.js';
import type { Claim } from './votes.js';
import type { TargetInfo } from '../targets/data.js';
import type { PlatformTable } from './profiles.js';
import { answersOnTargets } from './target-answer.js';

/** One package in `ferrite analyze --json` output. This shape is a public interface (see README). */
export type Analysis = {
  ecosystem: 'crates' | 'npm';
  name: string;
  version: string | null;
  profiles: { cloud: string; wasm: string; embedded: string };
  noStd: 'always' | 'optional' | 'no' | 'unknown';
  accelerators: string[];
  msrv: string | null;
  rust?: 'yes' | 'no' | 'unknown';
  binding?: Binding | null;
  /** Crates: every tier-1 and tier-2 target (and any other with an answer) → yes / partial / no; targets left out are unknown. */
  targets?: Record<string, 'yes' | 'partial' | 'no'>;
  evidence: { claim: string; source: string; detail: string }[];
};

const flatten = (claims: Claim[]) => claims.flatMap((c) => c.evidence.map((e) => ({ claim: c.subject, source: e.source, detail: e.detail })));

/** A crate's current version (newest non-yanked stable, else newest non-yanked pre-release) analysed. */
export type TargetTable = { infos: TargetInfo[]; platforms: PlatformTable };

export function analyzeCrate(engine: CrateEngine, name: string, versions: CrateVersionInput[], targets?: TargetTable): Analysis {
  const num = defaultVersion(versions);
  const v = versions.find((x) => x.num === num);
  if (!v) return { ecosystem: 'crates', name, version: null, profiles: { cloud: 'unknown', wasm: 'unknown', embedded: 'unknown' }, noStd: 'unknown', accelerators: [], msrv: null, evidence: [] };
  const r = engine.verdict(v);
  return {
    ecosystem: 'crates',
    name,
    version: v.num,
    profiles: { cloud: r.profiles.cloud, wasm: r.profiles.wasm, embedded: r.profiles.embedded },
    noStd: r.noStd,
    accelerators: [...r.accelerators.keys()].sort(),
    msrv: r.msrv,
    ...(targets ? { targets: targetStatuses(r.claims, v, targets) } : {}),
    evidence: flatten(r.claims),
  };
}

/** The per-target answers from the index alone, by the same rule the hub serves (target-answer.ts). */
function targetStatuses(claims: Claim[], v: CrateVersionInput, t: TargetTable): Record<string, 'yes' | 'partial' | 'no'> {
  const summary = claims.map((c) => ({ ...c, sourceKind: 'inferred' as const, source: 'index' }));
  const out: Record<string, 'yes' | 'partial' | 'no'> = {};
  for (const a of answersOnTargets({ summary, deps: v.deps, platforms: t.platforms }, t.infos)) if (a.status !== 'unknown') out[a.triple] = a.status;
  return out;
}

export type NpmInput = { name: string; versions: { num: string; facts: NpmVersionFacts }[]; latest: string | null };

/**
 * npm packages analysed together, so that a per-platform package learns from the binding that
 * lists it. `crateExists` confirms a crate name the metadata suggests (crates.io treats `-` and
 * `_` alike).
 */
export function analyzeNpmPackages(packages: NpmInput[], crateExists: (name: string) => string | null): Analysis[] {
  const current = packages.map((p) => {
    const num = p.latest && p.versions.some((v) => v.num === p.latest) ? p.latest : defaultVersion(p.versions.map((v) => ({ num: v.num, yanked: false })));
    const v = p.versions.find((x) => x.num === num) ?? null;
    return { p, v, facts: v ? { ...v.facts, name: p.name, version: v.num } : null };
  });
  const parents = new Map<string, ParentBinding>();
  const first = new Map<string, NpmVerdict>();
  for (const c of current) {
    if (!c.facts) continue;
    const verdict = withCrate(inferNpm(c.facts), crateExists);
    first.set(c.p.name, verdict);
    for (const [child, parent] of platformChildren(c.facts, verdict)) parents.set(child, parent);
  }
  return current.map(({ p, facts }) => {
    if (!facts) return { ecosystem: 'npm', name: p.name, version: null, profiles: { cloud: 'unknown', wasm: 'unknown', embedded: 'unknown' }, noStd: 'unknown', accelerators: [], msrv: null, rust: 'unknown', binding: null, evidence: [] };
    const parent = parents.get(p.name);
    const r = parent && !first.get(p.name)!.binding ? inferNpm(facts, parent) : first.get(p.name)!;
    return {
      ecosystem: 'npm',
      name: p.name,
      version: r.num,
      profiles: r.profiles,
      noStd: 'unknown',
      accelerators: [],
      msrv: null,
      rust: r.rust,
      binding: r.binding,
      evidence: flatten(r.claims),
    };
  });
}

/** Confirms the suggested crate against the crates known, and records how. */
export function withCrate(v: NpmVerdict, crateExists: (name: string) => string | null): NpmVerdict {
  if (!v.binding || !v.crateCandidate) return v;
  const found = crateExists(v.crateCandidate.name);
  if (!found) return v;
  const claim: Claim = { subject: 'crate', status: found, evidence: [{ source: v.crateCandidate.evidence.source, detail: `${v.crateCandidate.evidence.detail}; crate ${found} is indexed` }] };
  return { ...v, binding: { ...v.binding, crate: found }, claims: [...v.claims, claim] };
}
