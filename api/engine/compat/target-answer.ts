import type { TargetInfo } from '../targets/data.js';
import type { DepInput } from './crate-input.js';
import { BARE_METAL_FAMILIES, type BareMetalFamily } from './knowledge.js';
import { type PlatformTable, type Profile, PROFILE_TARGETS, profilesOfTarget } from './profiles.js';
import type { Status } from './infer-crate.js';

export type SourceKind = 'inferred' | 'declared' | 'verified';
/** The strongest answer per subject, as `summarize` picks it. */
export type SummaryClaim = { subject: string; status: string; sourceKind: SourceKind; source: string; evidence: { source: string; detail: string }[] };

/**
 * How a target's answer was reached: a claim naming the target; the family the crate is pinned to;
 * a procedural macro; the profile the target stands for; the crate's no_std answer on a bare-metal
 * target; dependencies it declares for the target's OS; or nothing (`unknown`, with the reason).
 */
export type TargetBasis = 'target' | 'pinned' | 'host-only' | 'profile' | 'nostd' | 'os-deps' | 'none';

export type TargetAnswer = {
  triple: string;
  tier: string | null;
  status: Status;
  basis: TargetBasis;
  /** The profile the answer follows, when basis is `profile`. */
  profile: Profile | null;
  /** The kind of the strongest evidence behind the answer; null when unknown. */
  sourceKind: SourceKind | null;
  evidence: { source: string; detail: string }[];
};

export type TargetAnswerInput = {
  summary: SummaryClaim[];
  /** The version's dependencies (dev-dependencies are ignored: they are not built for users). */
  deps: Pick<DepInput, 'crate' | 'kind' | 'optional' | 'target'>[];
  platforms: PlatformTable;
};

const STATUSES = new Set<string>(['yes', 'partial', 'no', 'unknown']);
const asStatus = (s: string): Status => (STATUSES.has(s) ? (s as Status) : 'unknown');
const os = (t: TargetInfo) => t.cfg.target_os?.[0] ?? '';
const isBareMetal = (t: TargetInfo) => os(t) === 'none';
const osWords = (t: TargetInfo) => (isBareMetal(t) ? 'bare metal' : t.cfg.target_family?.includes('windows') ? 'Windows' : os(t) === 'macos' ? 'macOS' : os(t) || t.triple);

/** Which bare-metal families a triple belongs to (a Cortex-M triple is also an RP2040's, when it is thumbv6m). */
export function familiesOf(triple: string): BareMetalFamily[] {
  return (Object.keys(BARE_METAL_FAMILIES) as BareMetalFamily[]).filter((f) => BARE_METAL_FAMILIES[f].triples.test(triple));
}

/**
 * One crate version's answer on one rustc target, by the precision-first rule: `no` only from
 * strong evidence (a claim, a pin to another chip family, std missing where the crate needs it);
 * `yes` only where evidence reaches this target; otherwise `unknown` with the reason. Tier-3
 * targets get only the answers that do not depend on how well the target itself works.
 */
export function answerOnTarget(input: TargetAnswerInput, t: TargetInfo): TargetAnswer {
  return answerWith(new Map(input.summary.map((c) => [c.subject, c])), input, t);
}

/** Every target's answer, in the order given. */
export function answersOnTargets(input: TargetAnswerInput, targets: TargetInfo[]): TargetAnswer[] {
  const by = new Map(input.summary.map((c) => [c.subject, c]));
  return targets.map((t) => answerWith(by, input, t));
}

function answerWith(by: Map<string, SummaryClaim>, input: TargetAnswerInput, t: TargetInfo): TargetAnswer {
  const answer = (status: Status, basis: TargetBasis, from: SummaryClaim | null, evidence = from?.evidence ?? [], profile: Profile | null = null): TargetAnswer => ({
    triple: t.triple,
    tier: t.tier,
    status,
    basis,
    profile,
    sourceKind: status === 'unknown' ? null : (from?.sourceKind ?? 'inferred'),
    evidence,
  });
  const unknown = (reason: string) => answer('unknown', 'none', null, [{ source: 'none', detail: reason }]);

  const own = by.get(`target:${t.triple}`);
  if (own && own.status !== 'unknown') return answer(asStatus(own.status), 'target', own);

  const pin = by.get('only-on');
  if (pin) {
    const [to, family] = pin.status.split(':') as ['bare-metal' | 'esp-idf', BareMetalFamily | undefined];
    const inside = to === 'esp-idf' ? os(t) === 'espidf' : family !== undefined && BARE_METAL_FAMILIES[family]?.triples.test(t.triple);
    if (!inside) return answer('no', 'pinned', pin, pin.evidence);
    // The crate written for the family answers for the family; a crate pinned through a dependency may support only some of its chips.
    const self = pin.evidence[0]?.source === 'name';
    const embedded = by.get('profile:embedded');
    if (self && to === 'bare-metal' && embedded?.status === 'yes') return answer('yes', 'pinned', pin, [...pin.evidence, ...embedded.evidence].slice(0, 4));
    return answer('partial', 'pinned', pin, [...pin.evidence, { source: 'only-on', detail: 'which chips of the family it supports depends on its features; the crate chooses' }]);
  }

  const host = by.get('host-only');
  if (host?.status === 'yes') return answer('yes', 'host-only', host, [{ source: 'deps', detail: 'a procedural macro or code generator: it runs on the build host, so it works whatever the target' }]);

  if (t.tier !== '1' && t.tier !== '2') return unknown(`${t.tier ? 'a tier-3 target' : 'a target the platform-support page does not list'}: no evidence names it`);

  // Targets a profile stands for answer as the profile does, a profile's verified evidence included.
  for (const p of profilesOfTarget(t.triple)) {
    const c = by.get(`profile:${p}`);
    if (!c || c.status === 'unknown') continue;
    if (p === 'embedded' && !PROFILE_TARGETS.embedded.includes(t.triple)) break; // decided by no_std below
    return answer(asStatus(c.status), 'profile', c, c.evidence, p);
  }

  const nostd = by.get('nostd');
  if (isBareMetal(t)) {
    if (nostd?.status === 'no') return answer('no', 'nostd', nostd, [{ source: 'nostd', detail: `needs std, which ${t.triple} does not have` }, ...nostd.evidence].slice(0, 4));
    if (nostd?.status === 'always') return answer('yes', 'nostd', nostd, [{ source: 'nostd', detail: 'builds without std, and nothing it depends on is pinned to other hardware' }, ...nostd.evidence].slice(0, 4));
    if (nostd?.status === 'optional') return answer('partial', 'nostd', nostd, [{ source: 'nostd', detail: 'builds without std once its default features are off' }, ...nostd.evidence].slice(0, 4));
    return unknown('bare metal: whether the crate builds without std is not known');
  }
  if (t.std !== 'yes') return unknown(`${t.triple} has ${t.std === 'no' ? 'no' : 'only part of'} the standard library, and no evidence names it`);

  // A hosted target with full std.
  if (nostd?.status === 'always' || nostd?.status === 'optional')
    return answer('yes', 'nostd', nostd, [{ source: 'nostd', detail: `portable code (it builds even without std), and ${t.triple} has full std` }, ...nostd.evidence].slice(0, 4));
  const cloud = by.get('profile:cloud');
  const written = input.deps.filter((d) => d.kind !== 'dev' && d.target !== null && input.platforms.appliesTo(d.target, t.triple));
  const specific = written.filter((d) => !input.platforms.appliesTo(d.target, 'x86_64-unknown-linux-gnu') || !input.platforms.appliesTo(d.target, 'x86_64-pc-windows-msvc') || !input.platforms.appliesTo(d.target, 'aarch64-apple-darwin'));
  if (cloud?.status === 'yes' && specific.length) {
    const shown = specific.slice(0, 3).map((d) => `${d.crate} for ${d.target}`).join(', ');
    return answer('yes', 'os-deps', cloud, [{ source: `deps.${specific[0]!.crate}`, detail: `declares dependencies for ${osWords(t)} (${shown}): written with it in mind, and it builds on Linux servers` }]);
  }
  return unknown(
    cloud?.status === 'yes'
      ? `it builds on Linux servers, but nothing in its metadata speaks to ${osWords(t)} (no dependencies declared for it)`
      : `no evidence about ${osWords(t)}`,
  );
}
