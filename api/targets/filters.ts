import { asc } from 'drizzle-orm';
import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { targets } from '../db/schema/index.js';
import type { TargetSummary } from './listing.js';

const CFG_VALUE = /^[a-z0-9_]{1,40}$/;

/** The `/targets` filters as the GET form sends them; empty fields are dropped before parsing. */
export const TargetFilters = z
  .object({
    tier: z.enum(['1', '2', '3', 'unlisted']).optional(),
    os: z.string().regex(CFG_VALUE, 'an OS as rustc names it, e.g. linux or none').optional(),
    arch: z.string().regex(CFG_VALUE, 'an architecture as rustc names it, e.g. aarch64').optional(),
    std: z.enum(['std', 'no_std', 'unknown']).optional(),
  })
  .strict();
export type TargetFilters = z.infer<typeof TargetFilters>;
type Dimension = keyof TargetFilters;

export type TargetFacets = Record<Dimension, Record<string, number>>;

/**
 * Each target's value in every filter: its tier, `target_os` and `target_arch` as rustc prints
 * them (`none` for bare metal), and whether it has a standard library (full or partial std
 * counts as std; rustc data that does not say is unknown).
 */
function dimensions(t: TargetSummary & { cfg: Record<string, string[]> }): Record<Dimension, string> {
  return {
    tier: t.tier ?? 'unlisted',
    os: t.cfg.target_os?.[0] ?? 'none',
    arch: t.cfg.target_arch?.[0] ?? 'unknown',
    std: t.std === 'yes' || t.std === 'partial' ? 'std' : t.std === 'no' ? 'no_std' : 'unknown',
  };
}

/**
 * The targets matching every filter, and per filter the counts of each value among the targets
 * matching the other filters (so a count says what choosing that value would leave).
 */
export async function filterTargets(db: DbOrTx, f: TargetFilters): Promise<{ targets: TargetSummary[]; total: number; facets: TargetFacets }> {
  const rows = await db
    .select({ triple: targets.triple, tier: targets.tier, std: targets.std, hostTools: targets.hostTools, notes: targets.notes, cfg: targets.cfg })
    .from(targets)
    .orderBy(asc(targets.triple));
  const keyed = rows.map((r) => ({ row: r, dims: dimensions(r) }));
  const dims = Object.keys(TargetFilters.shape) as Dimension[];
  const matches = (d: Record<Dimension, string>, except?: Dimension) => dims.every((k) => k === except || f[k] === undefined || d[k] === f[k]);
  const facets = Object.fromEntries(dims.map((k) => [k, {} as Record<string, number>])) as TargetFacets;
  for (const { dims: d } of keyed) {
    for (const k of dims) if (matches(d, k)) facets[k][d[k]] = (facets[k][d[k]] ?? 0) + 1;
  }
  const chosen = keyed.filter((x) => matches(x.dims)).map(({ row: { cfg: _cfg, ...summary } }) => summary);
  return { targets: chosen, total: rows.length, facets };
}
