import type { EvidenceEntry } from '../db/schema/compat.js';

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
