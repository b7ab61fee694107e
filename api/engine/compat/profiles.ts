import { type CfgSet, type Platform, CfgSyntaxError, knownCfgNames, parsePlatform, platformMatches, unknownCfgNames } from './cfg.js';
import type { TargetInfo } from '../targets/data.js';

export const PROFILES = ['cloud', 'wasm', 'embedded', 'wasi', 'mobile'] as const;
export type Profile = (typeof PROFILES)[number];

/**
 * The targets that stand for each profile. cloud: 64-bit Linux servers; wasm: the browser;
 * wasi: WebAssembly outside the browser; embedded: bare-metal (`target_os = "none"`)
 * microcontrollers and SoCs; mobile: Android and iOS.
 */
export const PROFILE_TARGETS: Record<Profile, string[]> = {
  cloud: ['x86_64-unknown-linux-gnu', 'aarch64-unknown-linux-gnu'],
  wasm: ['wasm32-unknown-unknown'],
  wasi: ['wasm32-wasip1', 'wasm32-wasip2'],
  embedded: ['thumbv6m-none-eabi', 'thumbv7em-none-eabihf', 'thumbv8m.main-none-eabihf', 'riscv32imac-unknown-none-elf', 'riscv32imc-unknown-none-elf', 'aarch64-unknown-none'],
  mobile: ['aarch64-linux-android', 'aarch64-apple-ios'],
};

/** One target from each family; a dependency that applies to few of them is platform-specific. */
const FAMILIES = ['x86_64-unknown-linux-gnu', 'x86_64-pc-windows-msvc', 'aarch64-apple-darwin', 'wasm32-unknown-unknown', 'thumbv7em-none-eabihf'];

/** A dependency that also applies here is about a neighbouring profile, not this one (`cfg(unix)` is not mobile evidence). */
const EXCLUDED: Partial<Record<Profile, string[]>> = {
  wasi: ['wasm32-unknown-unknown'],
  mobile: ['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin'],
};

/** Evaluates dependency targets against the profiles, caching parsed expressions. */
export class PlatformTable {
  private readonly cfgs = new Map<string, CfgSet>();
  private readonly parsed = new Map<string, Platform | CfgSyntaxError>();
  private readonly known: Set<string>;

  constructor(targets: TargetInfo[]) {
    for (const t of targets) this.cfgs.set(t.triple, t.cfg);
    this.known = knownCfgNames(targets);
    for (const triple of [...Object.values(PROFILE_TARGETS).flat(), ...FAMILIES])
      if (!this.cfgs.has(triple)) throw new Error(`target data lacks ${triple}; regenerate targets.json`);
  }

  private platform(target: string): Platform | CfgSyntaxError {
    let p = this.parsed.get(target);
    if (!p) {
      try {
        p = parsePlatform(target);
      } catch (err) {
        if (!(err instanceof CfgSyntaxError)) throw err;
        p = err;
      }
      this.parsed.set(target, p);
    }
    return p;
  }

  /** Does a dependency with this `target` apply when building for `triple`? A malformed target applies nowhere. */
  appliesTo(target: string | null, triple: string): boolean {
    if (target === null) return true;
    const p = this.platform(target);
    return !(p instanceof CfgSyntaxError) && platformMatches(p, triple, this.cfgs.get(triple) ?? {});
  }

  appliesToProfile(target: string | null, profile: Profile): boolean {
    return PROFILE_TARGETS[profile].some((t) => this.appliesTo(target, t));
  }

  /** A target-specific dependency aimed at this profile: it applies there and is left out on at least two other families. */
  specificTo(target: string | null, profile: Profile): boolean {
    if (target === null || !this.appliesToProfile(target, profile)) return false;
    if (EXCLUDED[profile]?.some((t) => this.appliesTo(target, t))) return false;
    return FAMILIES.filter((t) => !this.appliesTo(target, t)).length >= 2;
  }

  /** What is wrong with a target expression, if anything: a syntax error or cfg names no target sets. */
  problem(target: string): string | null {
    const p = this.platform(target);
    if (p instanceof CfgSyntaxError) return p.message;
    const unknown = unknownCfgNames(p, this.known);
    return unknown.length ? `custom cfg ${unknown.join(', ')} in '${target}' is taken as not set` : null;
  }
}

/** The profiles a target belongs to, so `target:thumbv7em-none-eabihf` finds crates known to run on bare metal. */
export function profilesOfTarget(triple: string): Profile[] {
  if (/-none(-|$)/.test(triple)) return ['embedded'];
  if (triple === 'wasm32-unknown-unknown') return ['wasm'];
  if (/^wasm32-wasi/.test(triple)) return ['wasi'];
  if (/^(x86_64|aarch64)-unknown-linux-gnu$/.test(triple)) return ['cloud'];
  if (/-(android|ios)/.test(triple)) return ['mobile'];
  return [];
}
