import { z } from 'zod';
import type { DbOrTx } from '../db/client.js';
import { getCrateVersionCompat, getNpmCompat } from '../compat/service.js';
import type { FieldError } from '../lib/problems.js';
import { AppError } from '../lib/problems.js';
import { findPackage } from './service.js';

/**
 * A name to compare: a crate name, an npm name (scoped `@scope/name` too), or either written with
 * its ecosystem (`crates:tokio`, `npm:tokenizers`) when both registries have it.
 */
const ITEM = /^(?:(?:crates|npm):)?(?:@[a-z0-9][a-z0-9._~-]{0,100}\/)?[A-Za-z0-9._~-]{1,214}$/;

/** `?crates=a,b,c`: two to four package names, duplicates dropped. */
export const CompareQuery = z.object({
  crates: z
    .string()
    .max(1000)
    .optional()
    .transform((s) => [...new Set((s ?? '').split(',').map((x) => x.trim()).filter(Boolean))])
    .pipe(z.array(z.string().regex(ITEM, 'not a crate or npm package name')).max(4, 'compare at most four packages')),
});

type Ref = { ecosystem: 'crates' | 'npm'; name: string };

/** Where a name points: the ecosystem it names, else a crate, else an npm package; null when neither is indexed. */
async function resolve(db: DbOrTx, raw: string): Promise<Ref | null> {
  const [, eco, name] = /^(?:(crates|npm):)?(.*)$/s.exec(raw)!;
  const order: Ref['ecosystem'][] = eco ? [eco as Ref['ecosystem']] : name!.startsWith('@') ? ['npm'] : ['crates', 'npm'];
  for (const ecosystem of order) {
    const pkg = await findPackage(db, ecosystem, name!);
    if (pkg) return { ecosystem, name: pkg.name };
  }
  return null;
}

/**
 * Each package's current version with the strongest compatibility answer per subject. Names that
 * are not indexed are refused together, each named, so the form can show them all at once.
 */
export async function loadComparison(db: DbOrTx, names: string[]) {
  const refs = await Promise.all(names.map((n) => resolve(db, n)));
  const errors: FieldError[] = names.flatMap((n, i) => (refs[i] ? [] : [{ path: 'crates', message: `no crate or npm package named '${n}' is indexed` }]));
  if (errors.length) throw new AppError('packageNotFound', { detail: `Not indexed: ${names.filter((_, i) => !refs[i]).join(', ')}. Check the spelling.`, errors });
  const out = [];
  for (const ref of refs as Ref[]) {
    const pkg = (await findPackage(db, ref.ecosystem, ref.name))!;
    if (!pkg.defaultVersion) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version to compare.` });
    const compat = ref.ecosystem === 'npm' ? await getNpmCompat(db, pkg.name) : await getCrateVersionCompat(db, pkg.name, pkg.defaultVersion);
    out.push({ pkg, compat });
  }
  return out;
}

export type Comparison = Awaited<ReturnType<typeof loadComparison>>;
