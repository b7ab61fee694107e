import type { CrateVersionInput, DepInput, PackageFacts } from './crate-input.js';
import { expandFeatures, featuresEnabling } from './features.js';
import {
  ACCELERATOR_CRATES,
  type Accelerator,
  acceleratorOfFeature,
  APPLE_ONLY_ACCELERATORS,
  BARE_METAL_FAMILIES,
  BARE_METAL_ONLY,
  type BareMetalFamily,
  ESP_IDF_ONLY,
  NO_STD_CATEGORIES,
  NO_STD_KEYWORDS,
  NOT_IN_BROWSER_ACCELERATORS,
  NOT_ON_WASM,
  STD_ONLY,
  STUBBED_ON_WASM,
  SYSTEM_LIBRARIES,
  WASM_BINDGEN_CRATES,
} from './knowledge.js';
import { PROFILES, type PlatformTable, type Profile } from './profiles.js';
import type { CrateUniverse } from './universe.js';
import { type Claim, type Evidence, Votes } from './votes.js';

export type Status = 'yes' | 'partial' | 'no' | 'unknown';
export type NoStd = 'always' | 'optional' | 'no' | 'unknown';

/** Where a crate is pinned: bare-metal chips of one family, or ESP-IDF; `via` is the chain of crates that pins it. */
export type Bound = { to: 'bare-metal'; family: BareMetalFamily; via: string } | { to: 'esp-idf'; via: string };

export type CrateVerdict = {
  name: string;
  num: string;
  profiles: Record<Profile, Status>;
  noStd: NoStd;
  /** Accelerator → whether every build needs it (a hard dependency) rather than a feature. */
  accelerators: Map<Accelerator, { required: boolean }>;
  /** System libraries every build needs, with the crate that links them. */
  systemLibraries: Map<string, string>;
  /** True when the default features turn on the crate's own `std` feature. */
  stdByDefault: boolean;
  /** A procedural macro or code generator: it runs on the build host, so it constrains no target. */
  hostOnly: boolean;
  /** The only platform family the crate runs on, when a hard dependency (or the crate itself) pins it. */
  bound: Bound | null;
  msrv: string | null;
  /** Every non-unknown answer, each with its evidence. */
  claims: Claim[];
  /** Dependency targets the engine could not read or that use custom cfgs (evaluated as not set). */
  problems: string[];
};

const MAX_EVIDENCE = 6;

/** The proc-macro toolkit: a crate that needs these at run time is a macro or code generator. */
/** The names crates give the feature that switches std on. */
const STD_FEATURES = ['std', 'use-std', 'use_std'];

const HOST_TOOLKIT = new Set(['proc-macro2', 'syn', 'quote']);

/**
 * Infers one crate version's compatibility from its index record, the registry's categories
 * and keywords, and the verdicts of the dependency versions Cargo would pick. Pure: everything
 * comes from the universe and tables it is handed. Dependency cycles read as unknown.
 */
export class CrateEngine {
  private readonly memo = new Map<string, CrateVerdict | null>();

  constructor(
    private readonly universe: CrateUniverse,
    private readonly platforms: PlatformTable,
    private readonly facts: (name: string) => PackageFacts | undefined = () => undefined,
  ) {}

  /** The full verdict of one version, claims included. */
  verdict(v: CrateVersionInput): CrateVerdict {
    const key = `${v.name}@${v.num}`;
    if (!this.memo.has(key)) this.memo.set(key, null); // in progress: a cycle back here sees unknown
    const result = this.infer(v);
    // Dependents need the answers, not the evidence; keeping only those bounds memory over a whole index.
    this.memo.set(key, { ...result, claims: [], problems: [] });
    return result;
  }

  private depVerdict(d: DepInput): CrateVerdict | null {
    const resolved = this.universe.resolve(d.crate, d.req);
    if (!resolved) return null;
    const key = `${resolved.name}@${resolved.num}`;
    if (this.memo.has(key)) return this.memo.get(key) ?? null;
    this.verdict(resolved);
    return this.memo.get(key) ?? null;
  }

  private infer(v: CrateVersionInput): CrateVerdict {
    const votes = new Votes();
    const problems: string[] = [];
    const p = this.platforms;
    const normal = v.deps.filter((d) => d.kind === 'normal');
    for (const d of v.deps) {
      const problem = d.target ? p.problem(d.target) : null;
      if (problem) problems.push(`${d.crate}: ${problem}`);
    }
    const defaults = v.features.default ? expandFeatures(v, ['default']) : null;
    const hard = (d: DepInput, profile: Profile) => !d.optional && p.appliesToProfile(d.target, profile);
    const hardEverywhere = normal.filter((d) => !d.optional && d.target === null);
    const verdicts = new Map<DepInput, CrateVerdict | null>();
    const dv = (d: DepInput) => {
      if (!verdicts.has(d)) verdicts.set(d, this.depVerdict(d));
      return verdicts.get(d)!;
    };
    const depLabel = (d: DepInput) => `deps.${d.crate}`;
    // proc-macro crates are not marked in the index; depending on the proc-macro toolkit gives them away.
    const hostOnly = normal.some((d) => !d.optional && HOST_TOOLKIT.has(d.crate));
    /** A dependency that is built for the target (not a proc-macro running on the host). */
    const forTarget = (d: DepInput) => !dv(d)?.hostOnly;

    // Where the crate is pinned to one platform family.
    let bound: CrateVerdict['bound'] = null;
    const own = BARE_METAL_ONLY[v.name];
    if (own) bound = { to: 'bare-metal', family: own.family, via: v.name };
    else if (ESP_IDF_ONLY[v.name]) bound = { to: 'esp-idf', via: v.name };
    for (const d of hardEverywhere) {
      if (bound || !forTarget(d)) continue;
      const pinned = BARE_METAL_ONLY[d.crate];
      if (pinned) bound = { to: 'bare-metal', family: pinned.family, via: d.crate };
      else if (ESP_IDF_ONLY[d.crate]) bound = { to: 'esp-idf', via: d.crate };
      else {
        const b = dv(d)?.bound;
        if (b) bound = { ...b, via: `${d.crate} → ${b.via}` };
      }
    }

    // no_std.
    const std = votes.subject('nostd');
    if (STD_ONLY[v.name]) std.add('no', { source: 'name', detail: `${v.name} needs std: ${STD_ONLY[v.name]}` });
    for (const d of normal) {
      if (!hard(d, 'embedded') || !forTarget(d)) continue;
      const r = dv(d);
      if (STD_ONLY[d.crate]) std.add('no', { source: depLabel(d), detail: `depends on ${d.crate} (${d.req}), which needs std: ${STD_ONLY[d.crate]}` });
      else if (r?.noStd === 'no') std.add('no', { source: depLabel(d), detail: `depends on ${d.crate} (${d.req}), which needs std` });
      else if (r?.stdByDefault && d.defaultFeatures)
        std.add('no', { source: depLabel(d), detail: `depends on ${d.crate} (${d.req}) with its default features, which enable std` });
      else if (r && d.features.includes('std') && r.noStd !== 'unknown')
        std.add('no', { source: depLabel(d), detail: `depends on ${d.crate} with its \`std\` feature` });
    }
    const stdFeature = STD_FEATURES.find((f) => Object.hasOwn(v.features, f));
    if (stdFeature) {
      if (defaults?.features.has(stdFeature))
        std.add('optional', { source: 'features.default', detail: `the default features enable \`${stdFeature}\`; building with default-features = false leaves it out` });
      else {
        const stdDefaults = normal.filter((d) => d.optional && defaults?.deps.has(d.local) && (STD_ONLY[d.crate] || dv(d)?.noStd === 'no'));
        if (stdDefaults.length)
          std.add('optional', { source: 'features.default', detail: `\`std\` is opt-in, but the default features enable ${stdDefaults.map((d) => d.crate).join(', ')}, which need std` });
        else std.add('always', { source: `features.${stdFeature}`, detail: `\`${stdFeature}\` is an opt-in feature, not in the default set` });
      }
    }
    for (const f of ['no_std', 'no-std']) if (Object.hasOwn(v.features, f)) std.add('optional', { source: `features.${f}`, detail: `a \`${f}\` feature switches std off` });
    // The published library root is the crate's own word: `#![no_std]` or its cfg_attr form, or neither (it links std).
    const attr = v.archiveNoStd;
    const where = `${attr?.file ?? 'src/lib.rs'} in the published archive`;
    if (attr?.kind === 'always') std.add('always', { source: 'archive', detail: `${where}: ${attr.attribute ?? '#![no_std]'}` });
    else if (attr?.kind === 'without-std-feature') std.add('optional', { source: 'archive', detail: `${where}: ${attr.attribute ?? `no_std unless the \`${attr.feature ?? 'std'}\` feature is on`}` });
    else if (attr?.kind === 'no' && !hostOnly) std.add('no', { source: 'archive', detail: `${where} has no #![no_std]: the crate links std on every target` });
    const pkg = this.facts(v.name);
    // A category or keyword says no_std works; the features say whether std must be switched off.
    const declared = (e: Evidence) => {
      std.add('always', e);
      std.support('optional', e);
    };
    for (const c of pkg?.categories ?? [])
      if (NO_STD_CATEGORIES[c]) declared({ source: 'categories', detail: `category ${c}${NO_STD_CATEGORIES[c] === 'no-alloc' ? ' (works without an allocator too)' : ''}` });
    for (const k of pkg?.keywords ?? []) if (NO_STD_KEYWORDS.has(k)) declared({ source: 'keywords', detail: `keyword ${k}` });
    const noStd = std.decide(['no', 'optional', 'always']) as NoStd;

    // Accelerators.
    const accelerators = new Map<Accelerator, { required: boolean }>();
    const accel = (a: Accelerator, required: boolean, e: Evidence) => {
      const prev = accelerators.get(a);
      accelerators.set(a, { required: required || (prev?.required ?? false) });
      votes.subject(`accel:${a}`).add('yes', e);
    };
    if (ACCELERATOR_CRATES[v.name]) accel(ACCELERATOR_CRATES[v.name]!, true, { source: 'name', detail: `${v.name} is a ${ACCELERATOR_CRATES[v.name]} binding` });
    for (const d of v.deps) {
      if (d.kind === 'dev') continue;
      const a = ACCELERATOR_CRATES[d.crate];
      if (!a) continue;
      if (!d.optional) accel(a, d.target === null, { source: depLabel(d), detail: `${d.kind === 'build' ? 'build-' : ''}depends on ${d.crate}${d.target ? ` for ${d.target}` : ''}` });
      else {
        const via = featuresEnabling(v, d.local);
        accel(a, false, { source: depLabel(d), detail: `optional dependency ${d.crate}${via.length ? `, enabled by feature ${via.slice(0, 3).map((f) => `\`${f}\``).join(', ')}` : ''}` });
      }
    }
    for (const f of Object.keys(v.features)) {
      const a = acceleratorOfFeature(f);
      if (a) accel(a, false, { source: `features.${f}`, detail: `feature \`${f}\`` });
    }
    for (const d of normal) {
      for (const f of d.features) {
        const a = acceleratorOfFeature(f);
        if (a) accel(a, !d.optional && d.target === null, { source: depLabel(d), detail: `${d.optional ? 'optional ' : ''}dependency ${d.crate} with its \`${f}\` feature` });
      }
    }
    for (const d of hardEverywhere) {
      for (const [a, info] of dv(d)?.accelerators ?? []) if (info.required) accel(a, true, { source: depLabel(d), detail: `depends on ${d.crate}, which requires ${a}` });
    }
    const requiredAccels = [...accelerators].filter(([, i]) => i.required).map(([a]) => a);

    // Native libraries.
    const systemLibraries = new Map<string, string>();
    if (v.links) {
      const norm = (s: string) => s.toLowerCase().replace(/-/g, '_');
      if (/-(sys|src)$/.test(v.name) || norm(v.links) !== norm(v.name))
        votes.subject(`native:${v.links}`).add('yes', { source: 'links', detail: `links = "${v.links}": the build script links a native library` });
      if (SYSTEM_LIBRARIES[v.links]) systemLibraries.set(v.links, v.name);
    }
    for (const d of hardEverywhere.filter(forTarget))
      for (const [lib, via] of dv(d)?.systemLibraries ?? []) {
        if (systemLibraries.has(lib)) continue;
        systemLibraries.set(lib, `${d.crate}${via === d.crate ? '' : ` → ${via}`}`);
        votes.subject(`native:${lib}`).add('yes', { source: depLabel(d), detail: `needs ${SYSTEM_LIBRARIES[lib]} through ${d.crate}` });
      }

    // Profiles.
    const prof = Object.fromEntries(PROFILES.map((pr) => [pr, votes.subject(`profile:${pr}`)])) as Record<Profile, ReturnType<Votes['subject']>>;
    // Evidence for a feature-gated answer still backs a stronger one from elsewhere.
    const addProfile = (pr: Profile, status: Status, e: Evidence) => {
      prof[pr].add(status, e);
      if (status === 'partial') prof[pr].support('yes', e);
    };
    if (bound) {
      const what = bound.to === 'bare-metal' ? 'bare-metal microcontrollers' : 'ESP-IDF (target_os = "espidf")';
      const last = bound.via.split(' → ').at(-1)!;
      const reason = BARE_METAL_ONLY[last]?.reason ?? ESP_IDF_ONLY[last];
      const e = {
        source: bound.via === v.name ? 'name' : `deps.${bound.via.split(' ')[0]}`,
        detail: `${bound.via === v.name ? v.name : `requires ${bound.via}, which`} runs only on ${what} (${last}: ${reason})`,
      };
      prof.embedded.add(bound.to === 'bare-metal' ? 'yes' : 'partial', e);
      prof.cloud.add('no', e);
      prof.wasm.add('no', e);
      prof.mobile.add('no', e);
      // Which triples, for the per-target answers: the family's, or ESP-IDF's.
      const where = bound.to === 'bare-metal' ? `bare-metal:${bound.family}` : 'esp-idf';
      const family = bound.to === 'bare-metal' ? BARE_METAL_FAMILIES[bound.family].label : 'ESP-IDF';
      votes.subject('only-on').add(where, { ...e, detail: `${e.detail}; targets outside ${family} are ruled out` });
    }
    for (const [lib, via] of systemLibraries) {
      const e = { source: via === v.name ? 'links' : `deps.${via.split(' ')[0]}`, detail: `needs ${SYSTEM_LIBRARIES[lib]} (links = "${lib}"${via === v.name ? '' : ` via ${via}`}), which the browser and bare-metal targets do not provide` };
      prof.wasm.add('no', e);
      prof.embedded.add('no', e);
    }
    for (const a of requiredAccels) {
      const e = { source: `accel:${a}`, detail: `every build requires ${a}` };
      if (NOT_IN_BROWSER_ACCELERATORS.has(a)) prof.wasm.add('no', { ...e, detail: `${e.detail}, which the browser cannot reach` });
      prof.embedded.add('no', { ...e, detail: `${e.detail}, which microcontrollers do not have` });
      if (APPLE_ONLY_ACCELERATORS.has(a)) prof.cloud.add('no', { ...e, detail: `${e.detail}, which exists only on Apple platforms` });
    }
    if (NOT_ON_WASM[v.name]) prof.wasm.add('no', { source: 'name', detail: `${v.name} ${NOT_ON_WASM[v.name]}` });
    if (STUBBED_ON_WASM[v.name]) prof.wasm.add('partial', { source: 'name', detail: `${v.name} ${STUBBED_ON_WASM[v.name]}` });
    for (const d of normal) {
      for (const pr of ['cloud', 'wasm', 'embedded'] as const) {
        if (!hard(d, pr) || !forTarget(d)) continue;
        if (pr === 'wasm' && NOT_ON_WASM[d.crate]) prof.wasm.add('no', { source: depLabel(d), detail: `depends on ${d.crate}, which ${NOT_ON_WASM[d.crate]}` });
        else if (pr === 'wasm' && STUBBED_ON_WASM[d.crate])
          prof.wasm.add('partial', { source: depLabel(d), detail: `depends on ${d.crate}, which ${STUBBED_ON_WASM[d.crate]}: the parts of this crate that use it will not work in the browser` });
        else if (dv(d)?.profiles[pr] === 'no' && !(pr === 'embedded' && noStd === 'no'))
          prof[pr].add('no', { source: depLabel(d), detail: `depends on ${d.crate} (${d.req}), which does not run there` });
      }
      if (WASM_BINDGEN_CRATES.has(d.crate) && p.appliesToProfile(d.target, 'wasm')) {
        const via = d.optional ? featuresEnabling(v, d.local) : [];
        addProfile('wasm', d.optional ? 'partial' : 'yes', {
          source: depLabel(d),
          detail: `${d.optional ? 'optional ' : ''}dependency on ${d.crate}${d.target ? ` for ${d.target}` : ''}${via.length ? ` (feature \`${via[0]}\`)` : ''}: JavaScript bindings for the browser`,
        });
      }
      for (const pr of PROFILES) {
        // For embedded, the no_std answer below is the better witness when there is one.
        if (!p.specificTo(d.target, pr) || (pr === 'embedded' && noStd !== 'unknown')) continue;
        addProfile(pr, d.optional ? 'partial' : 'yes', { source: depLabel(d), detail: `${d.optional ? 'optional ' : ''}dependency ${d.crate} for ${d.target}: written for ${pr} targets` });
      }
    }
    const stdEvidence = std.evidenceFor(noStd);
    if (noStd === 'always' || noStd === 'optional') {
      const how = noStd === 'always' ? 'builds without std' : 'builds without std when default features are off';
      prof.embedded.add(noStd === 'always' ? 'yes' : 'partial', { source: 'nostd', detail: `${how} (${stdEvidence[0]?.detail})` });
      prof.wasm.add('yes', { source: 'nostd', detail: `${how}, so it needs nothing from an OS` });
      prof.cloud.add('yes', { source: 'nostd', detail: `${how}; portable code builds on Linux servers` });
    } else if (noStd === 'no' && bound?.to !== 'esp-idf') {
      prof.embedded.add('no', { source: 'nostd', detail: `needs std, which bare-metal targets lack (${stdEvidence[0]?.detail})` });
      prof.cloud.add('yes', { source: 'nostd', detail: `a std crate; Linux server targets are tier 1 with full std (${stdEvidence[0]?.detail})` });
    }
    // A crate pinned to one platform family is decided by that alone: its other signals are about its dependencies' defaults.
    const embeddedOrder = bound ? [bound.to === 'bare-metal' ? 'yes' : 'partial'] : ['no', 'yes', 'partial'];
    // A dependency whose calls fail in the browser caps a "yes" there at "partial".
    const stubbed = STUBBED_ON_WASM[v.name] !== undefined || normal.some((d) => hard(d, 'wasm') && STUBBED_ON_WASM[d.crate] !== undefined);
    const order = (pr: Profile) => (pr === 'embedded' ? embeddedOrder : pr === 'wasm' && stubbed ? ['no', 'partial', 'yes'] : ['no', 'yes', 'partial']);
    const profiles = Object.fromEntries(PROFILES.map((pr) => [pr, prof[pr].decide(order(pr))])) as Record<Profile, Status>;
    if (hostOnly) {
      const e = { source: 'deps', detail: 'a procedural macro or code generator (depends on proc-macro2/syn): it runs on the build host, whatever the target' };
      votes.subject('host-only').add('yes', e);
    }

    const msrv = v.rustVersion;
    if (msrv) votes.subject('msrv').add(msrv, { source: 'rust_version', detail: `rust_version = "${msrv}"` });

    const stdByDefault = Boolean(stdFeature && defaults?.features.has(stdFeature));
    return { name: v.name, num: v.num, profiles, noStd, stdByDefault, hostOnly, accelerators, systemLibraries, bound, msrv, claims: votes.claims(MAX_EVIDENCE), problems };
  }
}
