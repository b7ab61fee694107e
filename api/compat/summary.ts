import type { EvidenceEntry } from '../db/schema/compat.js';
import { type Profile, profilesOfTarget } from '../engine/compat/profiles.js';

type ClaimLike = { subject: string; status: string; sourceKind: 'inferred' | 'declared' | 'verified'; source: string; evidence: EvidenceEntry[] };

/** Weakest to strongest: what CI verified beats what a maintainer declared beats what was inferred. */
const KIND_STRENGTH = { inferred: 0, declared: 1, verified: 2 } as const;
/** Among inferred claims: a published archive's source beats a repository manifest beats the index alone. */
const SOURCE_STRENGTH: Record<string, number> = { archive: 2, manifest: 1 };

/** One answer per subject, taken from its strongest claim; `sourceKind` and `source` say which. */
export function summarize<C extends ClaimLike>(claims: C[]): C[] {
  const best = new Map<string, C>();
  const strength = (c: C) => KIND_STRENGTH[c.sourceKind] * 10 + (SOURCE_STRENGTH[c.source] ?? 0);
  for (const c of claims) {
    const prev = best.get(c.subject);
    if (!prev || strength(c) > strength(prev)) best.set(c.subject, c);
  }
  return [...best.values()].sort((a, b) => a.subject.localeCompare(b.subject));
}

/**
 * A package's answer for one target: a claim that names the target, else the answer of the
 * profile the target stands for (`via` says which), else unknown. Nothing is invented.
 */
export function statusOnTarget(summary: Pick<ClaimLike, 'subject' | 'status'>[], triple: string): { status: string; via: 'target' | Profile | null } {
  const own = summary.find((c) => c.subject === `target:${triple}`);
  if (own) return { status: own.status, via: 'target' };
  for (const p of profilesOfTarget(triple)) {
    const c = summary.find((x) => x.subject === `profile:${p}`);
    if (c) return { status: c.status, via: p };
  }
  return { status: 'unknown', via: null };
}
