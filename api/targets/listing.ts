import { asc } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { targets } from '../db/schema/index.js';
import { PlatformTable } from '../engine/compat/profiles.js';
import { loadTargets, type TargetInfo } from '../engine/targets/data.js';

export type TargetSummary = { triple: string; tier: string | null; std: string; hostTools: boolean | null; notes: string | null };

export async function allTargets(db: DbOrTx): Promise<TargetSummary[]> {
  return db
    .select({ triple: targets.triple, tier: targets.tier, std: targets.std, hostTools: targets.hostTools, notes: targets.notes })
    .from(targets)
    .orderBy(asc(targets.triple));
}

export const TIERS = ['1', '2', '3'] as const;
export const tierName = (tier: string | null) => (tier ? `Tier ${tier}` : 'Unlisted');

/** Targets grouped by tier, tier 1 first; targets the platform-support page does not list come last. */
export function byTier<T extends { tier: string | null }>(rows: T[]): [string | null, T[]][] {
  const groups = new Map<string | null, T[]>();
  for (const r of rows) groups.set(r.tier, [...(groups.get(r.tier) ?? []), r]);
  return [...TIERS, null].filter((t) => groups.has(t)).map((t) => [t, groups.get(t)!]);
}

let infos: TargetInfo[] | null = null;
/** The committed target data (tier, std, cfg), read once per process: what per-target answers are computed over. */
export function targetInfos(): TargetInfo[] {
  infos ??= [...loadTargets().targets].sort((a, b) => a.triple.localeCompare(b.triple));
  return infos;
}

let table: PlatformTable | null = null;
/** The cfg evaluator over the committed target data, built once per process. */
export function platformTable(): PlatformTable {
  table ??= new PlatformTable(targetInfos());
  return table;
}
