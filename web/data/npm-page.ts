import type { DbOrTx } from '../../api/db/client.js';
import { getNpmCompat } from '../../api/compat/service.js';
import { getNpmPackage, requirePackage } from '../../api/packages/service.js';
import { currentMetadata } from '../../api/metadata/service.js';
import { decisionsFor } from '../../api/governance/queries.js';
import { ownersOf } from '../../api/owners/service.js';
import { allTargets } from './targets.js';

/** Everything the npm package page shows: the package, its versions, whether and how it wraps Rust. */
export async function loadNpmPage(db: DbOrTx, name: string) {
  const pkg = await requirePackage(db, 'npm', name);
  const [info, compat, targets] = await Promise.all([getNpmPackage(db, pkg.name), getNpmCompat(db, pkg.name), allTargets(db)]);
  return { pkg, info, compat, targets, metadata: await currentMetadata(db, pkg.id), ferriteOwners: await ownersOf(db, pkg.id), decisions: await decisionsFor(db, pkg.id) };
}

export type NpmPage = Awaited<ReturnType<typeof loadNpmPage>>;
