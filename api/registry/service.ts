import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { versions } from '../db/schema/index.js';
import { indexRecordOf, requirePackage } from '../packages/service.js';

/**
 * A crate's file in the sparse index: one line per version, rebuilt from the stored record key
 * for key, in the order the versions were indexed (the order of the original file).
 */
export async function sparseIndexFile(db: DbOrTx, name: string): Promise<string> {
  const pkg = await requirePackage(db, 'crates', name);
  const rows = await db.select().from(versions).where(eq(versions.packageId, pkg.id)).orderBy(asc(versions.id));
  return rows.map((v) => JSON.stringify(indexRecordOf(pkg.name, v)) + '\n').join('');
}

/** The registry's config.json: `api` makes `cargo search` ask Ferrite; `dl` is where cargo would fetch .crate files. */
export function sparseIndexConfig(publicUrl: string) {
  return { dl: `${publicUrl}/api/v1/crates`, api: publicUrl };
}
