import semver from 'semver';
import type { CrateVersionInput } from './crate-input.js';

/**
 * Cargo's requirement syntax as a node-semver range: comparators are separated by commas, and a
 * bare version (`1.2`) means a caret requirement (`^1.2`), where npm would read it as exact.
 */
export function cargoRange(req: string): string | null {
  const parts = req
    .split(',')
    .map((p) => p.trim())
    .filter(Boolean)
    .map((p) => (/^\d/.test(p) ? `^${p}` : p));
  return semver.validRange(parts.join(' ') || '*', { loose: true });
}

/**
 * The crate versions the engine may consult, by crate name. Dependencies resolve the way Cargo
 * prefers: the newest non-yanked version the requirement allows.
 */
export class CrateUniverse {
  private readonly resolved = new Map<string, CrateVersionInput | null>();

  constructor(private readonly versionsOf: (name: string) => CrateVersionInput[] | undefined) {}

  versions(name: string): CrateVersionInput[] {
    return this.versionsOf(name) ?? [];
  }

  resolve(name: string, req: string): CrateVersionInput | null {
    const key = `${name}\u0000${req}`;
    const hit = this.resolved.get(key);
    if (hit !== undefined) return hit;
    const range = cargoRange(req);
    const live = this.versions(name).filter((v) => !v.yanked);
    const best = range ? semver.maxSatisfying(live.map((v) => v.num), range, { loose: true }) : null;
    const found = best === null ? null : live.find((v) => v.num === best)!;
    this.resolved.set(key, found);
    return found;
  }
}
