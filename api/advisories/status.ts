import type { advisories } from '../db/schema/index.js';
import { isAffected } from '../engine/advisories/affected.js';

type Advisory = Pick<typeof advisories.$inferSelect, 'informational' | 'patched' | 'unaffected' | 'withdrawn'>;

export type AdvisoryKind = 'vulnerability' | 'unmaintained' | 'unsound' | 'notice';
export const kindOf = (a: Pick<Advisory, 'informational'>): AdvisoryKind => a.informational ?? 'vulnerability';

/** RustSec's word on one version, as the search facet and the badge say it. */
export const ADVISORY_STATUSES = ['none', 'vulnerable', 'unsound', 'unmaintained'] as const;
export type AdvisoryStatus = (typeof ADVISORY_STATUSES)[number];

/**
 * The advisory status of one version of a crate, from that crate's advisories: `vulnerable` when
 * a vulnerability affects it, else `unsound` or `unmaintained` when such a notice does, else `none`.
 * Withdrawn advisories and `notice`s do not count.
 */
export function statusOf(rows: Advisory[], version: string): AdvisoryStatus {
  const kinds = new Set(rows.filter((a) => isAffected(a, version)).map(kindOf));
  if (kinds.has('vulnerability')) return 'vulnerable';
  if (kinds.has('unsound')) return 'unsound';
  if (kinds.has('unmaintained')) return 'unmaintained';
  return 'none';
}
