import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { crateArchiveFacts, crateArchives } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { requireCrateVersion } from '../packages/service.js';
import type { ArchiveFactsResponse } from './contracts.js';

/**
 * The archive facts of one indexed version, for the API. A version without a stored archive, or
 * whose archive could not be read, answers 404 saying which: the index facts are elsewhere.
 */
export async function describeArchive(db: DbOrTx, name: string, num: string): Promise<ArchiveFactsResponse> {
  const { pkg, version } = await requireCrateVersion(db, name, num);
  const [row] = await db.select({ a: crateArchives, f: crateArchiveFacts }).from(crateArchives)
    .leftJoin(crateArchiveFacts, and(eq(crateArchiveFacts.packageId, crateArchives.packageId), eq(crateArchiveFacts.versionNum, crateArchives.versionNum)))
    .where(and(eq(crateArchives.packageId, pkg.id), eq(crateArchives.versionNum, version.num)));
  if (!row) throw new AppError('notFound', { detail: `Ferrite holds no archive of ${pkg.name} ${version.num} yet.` });
  if (!row.f) throw new AppError('notFound', { detail: `The archive of ${pkg.name} ${version.num} is stored, but its contents could not be read.` });
  const { a, f } = row;
  return {
    source: 'archive',
    crate: pkg.name,
    version: version.num,
    archive: {
      sha256: a.sha256,
      size: a.size,
      origin: a.origin,
      storedAt: a.storedAt.toISOString(),
      newestFileTime: a.archiveMtime?.toISOString() ?? null,
      downloadUrl: `/api/v1/crates/${pkg.name}/${version.num}/download`,
    },
    manifest: f.manifest,
    readme: f.readmePath && f.readmeHtml ? { path: f.readmePath, html: f.readmeHtml } : null,
    noStd: f.noStd,
    problems: f.problems,
    extractedAt: f.extractedAt.toISOString(),
  };
}
