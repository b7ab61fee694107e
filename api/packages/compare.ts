import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { getCrateVersionCompat } from '../compat/service.js';
import { AppError } from '../lib/problems.js';
import { requirePackage } from './service.js';

/** `?crates=a,b,c`: two to four crate names, duplicates dropped. */
export const CompareQuery = z.object({
  crates: z
    .string()
    .max(400)
    .optional()
    .transform((s) => [...new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'not a crate name')).max(4, 'compare at most four crates')),
});

/** Each crate's current version with the strongest compatibility answer per subject. */
export async function loadComparison(db: DbOrTx, names: string[]) {
  const out = [];
  for (const name of names) {
    const pkg = await requirePackage(db, 'crates', name);
    if (!pkg.defaultVersion) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version to compare.` });
    const compat = await getCrateVersionCompat(db, pkg.name, pkg.defaultVersion);
    out.push({ pkg, compat });
  }
  return out;
}

export type Comparison = Awaited<ReturnType<typeof loadComparison>>;
