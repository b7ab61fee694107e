import { asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { compatClaims } from '../db/schema/index.js';
import { requireCrateVersion } from '../packages/service.js';

/** Every claim about one crate version, grouped by subject, strongest source first. */
export async function getCrateVersionCompat(db: DbOrTx, name: string, num: string) {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  const rows = await db
    .select()
    .from(compatClaims)
    .where(eq(compatClaims.versionId, version.id))
    .orderBy(asc(compatClaims.subject), asc(compatClaims.sourceKind), asc(compatClaims.source));
  return {
    ecosystem: 'crates' as const,
    name: pkg.name,
    version: version.num,
    claims: rows.map((r) => ({
      subject: r.subject,
      status: r.status,
      sourceKind: r.sourceKind,
      source: r.source,
      evidence: r.evidence,
      createdAt: r.createdAt.toISOString(),
    })),
  };
}
