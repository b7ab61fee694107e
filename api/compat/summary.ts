import type { EvidenceEntry } from '../db/schema/compat.js';
import { PROFILES, PROFILE_TARGETS } from '../engine/compat/profiles.js';

type ClaimLike = { subject: string; status: string; sourceKind: 'inferred' | 'declared' | 'verified'; source: string; evidence: EvidenceEntry[] };

/** A weaker source that says otherwise than the answer shown, so a page can say the sources disagree. */
export type Disagreement = { sourceKind: ClaimLike['sourceKind']; source: string; status: string };
export type Summarized<C> = C & { disagree: Disagreement[]; fromTargets?: string[] };

/** Weakest to strongest: what CI verified beats what a maintainer declared beats what was inferred. */
const KIND_STRENGTH = { inferred: 0, declared: 1, verified: 2 } as const;
/** Among inferred claims: a published archive's source beats a repository manifest beats the index alone. */
const SOURCE_STRENGTH: Record<string, number> = { archive: 2, manifest: 1 };
const strength = (c: ClaimLike) => KIND_STRENGTH[c.sourceKind] * 10 + (SOURCE_STRENGTH[c.source] ?? 0);

/**
 * One answer per subject, taken from its strongest claim; `sourceKind` and `source` say which.
 * A declared or verified answer for a profile's representative target outranks a weaker answer
 * for the profile itself (a CI failure on wasm32-unknown-unknown makes the wasm profile "no"), so
 * verified > declared > inferred holds wherever the summary is read: pages, API, badges, search.
 */
export function summarize<C extends ClaimLike>(claims: C[]): Summarized<C>[] {
  const best = new Map<string, C>();
  for (const c of claims) {
    const prev = best.get(c.subject);
    if (!prev || strength(c) > strength(prev)) best.set(c.subject, c);
  }
  const out = new Map<string, Summarized<C>>();
  for (const [subject, c] of best) out.set(subject, { ...c, disagree: disagreements(claims, subject, c.status) });
  for (const p of PROFILES) {
    const profile = best.get(`profile:${p}`);
    const floor = profile ? KIND_STRENGTH[profile.sourceKind] : -1;
    const stronger = PROFILE_TARGETS[p].map((t) => best.get(`target:${t}`)).filter((c): c is C => !!c && c.status !== 'unknown' && KIND_STRENGTH[c.sourceKind] > floor);
    if (!stronger.length) continue;
    const lead = stronger.reduce((a, b) => (strength(b) > strength(a) ? b : a));
    const covered = stronger.length === PROFILE_TARGETS[p].length;
    const statuses = new Set(stronger.map((c) => c.status));
    if (!covered && profile && profile.status !== 'unknown') statuses.add(profile.status);
    const status = statuses.size === 1 ? [...statuses][0]! : statuses.has('yes') || statuses.has('partial') ? 'partial' : 'no';
    const evidence = stronger.flatMap((c) => c.evidence.map((e) => ({ ...e, detail: `${c.subject.slice('target:'.length)}: ${e.detail}` })));
    out.set(`profile:${p}`, {
      ...lead,
      subject: `profile:${p}`,
      status,
      evidence: evidence.slice(0, 6),
      disagree: disagreements(claims, `profile:${p}`, status),
      fromTargets: stronger.map((c) => c.subject.slice('target:'.length)),
    });
  }
  return [...out.values()].sort((a, b) => a.subject.localeCompare(b.subject));
}

function disagreements(claims: ClaimLike[], subject: string, status: string): Disagreement[] {
  return claims.filter((c) => c.subject === subject && c.status !== status && c.status !== 'unknown').map((c) => ({ sourceKind: c.sourceKind, source: c.source, status: c.status }));
}
