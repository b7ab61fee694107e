import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../api/db/client.js';
import { crateArchives, dependentCounts, packages, versions } from '../../api/db/schema/index.js';
import type { ArchiveTarget } from '../../api/archives/service.js';
import { nameKey } from '../../api/engine/formats/names.js';

/**
 * Indexed crate versions with a cksum and no stored archive: each crate's newest non-yanked
 * version (its default version), or with `allVersions` every non-yanked one. `crates` narrows it.
 * Most depended-on crates first: the home page lists them, so a first start fills them in first.
 */
export async function versionsWithoutArchive(db: DbOrTx, opts: { allVersions: boolean; crates?: string[] }): Promise<ArchiveTarget[]> {
  const rows = await db
    .select({ packageId: packages.id, name: packages.name, num: versions.num, cksum: versions.cksum, yanked: versions.yanked })
    .from(versions)
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .leftJoin(dependentCounts, eq(dependentCounts.packageId, packages.id))
    .leftJoin(crateArchives, and(eq(crateArchives.packageId, versions.packageId), eq(crateArchives.versionNum, versions.num)))
    .where(and(
      eq(packages.ecosystem, 'crates'),
      eq(versions.yanked, false),
      sql`${versions.cksum} is not null`,
      isNull(crateArchives.id),
      opts.allVersions ? undefined : eq(versions.num, packages.defaultVersion),
      opts.crates?.length ? inArray(packages.nameKey, opts.crates.map((c) => nameKey('crates', c))) : undefined,
    ))
    .orderBy(sql`${dependentCounts.direct} desc nulls last`, packages.name, versions.id);
  return rows.map((r) => ({ ...r, cksum: r.cksum! }));
}
