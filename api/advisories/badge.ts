import { makeBadge } from 'badge-maker';
import type { DbOrTx } from '../db/client.js';
import { AppError } from '../lib/problems.js';
import { requirePackage } from '../packages/service.js';
import { advisoriesOfCrate } from './service.js';
import { statusOf } from './status.js';

const LOOK = {
  none: { message: 'none known', color: 'brightgreen' },
  vulnerable: { message: 'vulnerable', color: 'red' },
  unsound: { message: 'unsound', color: 'orange' },
  unmaintained: { message: 'unmaintained', color: 'orange' },
} as const;

/** `/badge/crates/{name}/advisories.svg`: the advisory status of the crate's newest version. */
export async function advisoryBadgeSvg(db: DbOrTx, name: string): Promise<string> {
  const pkg = await requirePackage(db, 'crates', name);
  if (!pkg.defaultVersion) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version.` });
  const status = statusOf(await advisoriesOfCrate(db, pkg.name), pkg.defaultVersion);
  return makeBadge({ label: 'advisories', ...LOOK[status] });
}
