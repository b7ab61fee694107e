import type { DbOrTx } from '../db/client.js';
import { getNpmCompat } from '../compat/service.js';
import { getNpmPackage, requirePackage } from './service.js';
import { currentMetadata } from '../metadata/service.js';
import { decisionsFor } from '../governance/queries.js';
import { ownersOf } from '../owners/service.js';
import { allTargets } from '../targets/listing.js';

/** Everything the npm package page shows: the package, its versions, whether and how it wraps Rust. */
export async function loadNpmPage(db: DbOrTx, name: string) {
  const pkg = await requirePackage(db, 'npm', name);
  const [info, compat, targets] = await Promise.all([getNpmPackage(db, pkg.name), getNpmCompat(db, pkg.name), allTargets(db)]);
  return { pkg, info, compat, targets, metadata: await currentMetadata(db, pkg.id), ferriteOwners: await ownersOf(db, pkg.id), decisions: await decisionsFor(db, pkg.id) };
}

export type NpmPage = Awaited<ReturnType<typeof loadNpmPage>>;
