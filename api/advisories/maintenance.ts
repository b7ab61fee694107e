import type { DbOrTx } from '../db/client.js';
import { isAffected, type VersionRules } from '../engine/advisories/affected.js';
import type { Manifest } from '../metadata/manifest.js';
import { currentMetadata } from '../metadata/service.js';
import { advisoriesOfCrate } from './service.js';
import { type AdvisoryKind, kindOf } from './status.js';

export type DeclaredMaintenance = NonNullable<Manifest['maintenance']>['status'];

/** What the maintainers say about upkeep and what RustSec says, side by side, and whether they contradict each other. */
export type MaintenanceSignals = {
  /** The status in the package's newest published metadata, or null when its owners declared none. */
  declared: DeclaredMaintenance | null;
  /** The version RustSec's notices were checked against: the crate's current (default) version; null for npm packages. */
  version: string | null;
  /** Non-withdrawn RustSec `unmaintained` advisories that affect that version. */
  unmaintained: { id: string; date: string; title: string }[];
  disagree: boolean;
};

/**
 * `active` and `passively-maintained` both say someone still answers issues; an `unmaintained`
 * advisory says nobody does. `looking-for-maintainers` and `deprecated` agree with such a notice.
 */
const CLAIMS_UPKEEP = new Set<DeclaredMaintenance>(['active', 'passively-maintained']);

type Notice = VersionRules & { id: string; date: string; title: string; kind: AdvisoryKind };

/**
 * The rule, pure: RustSec counts when a non-withdrawn `unmaintained` advisory affects the current
 * version (cargo-audit's rule, as `statusOf`); the two disagree when the maintainers still claim upkeep.
 */
export function maintenanceSignals(declared: DeclaredMaintenance | null, advisories: Notice[], version: string | null): MaintenanceSignals {
  const unmaintained = version === null ? [] : advisories.filter((a) => a.kind === 'unmaintained' && isAffected(a, version)).map(({ id, date, title }) => ({ id, date, title }));
  return { declared, version, unmaintained, disagree: declared !== null && CLAIMS_UPKEEP.has(declared) && unmaintained.length > 0 };
}

/** The signals of one package, read from its newest metadata revision and (for a crate) its RustSec advisories. */
export async function packageMaintenance(db: DbOrTx, pkg: { id: number; ecosystem: 'crates' | 'npm'; name: string; defaultVersion: string | null }): Promise<MaintenanceSignals> {
  const [metadata, rows] = await Promise.all([currentMetadata(db, pkg.id), pkg.ecosystem === 'crates' ? advisoriesOfCrate(db, pkg.name) : []]);
  const declared = metadata?.manifest.maintenance?.status ?? null;
  return maintenanceSignals(declared, rows.map((r) => ({ ...r, kind: kindOf(r) })), pkg.ecosystem === 'crates' ? pkg.defaultVersion : null);
}
