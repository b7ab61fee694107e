import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { crateArchiveFacts, crateArchives, packages, versions } from '../db/schema/index.js';
import { nameKey } from '../engine/formats/names.js';
import { queuePackageChanged } from '../outbox/topics.js';
import { extractArchiveFacts } from './extract.js';
import type { ArchiveManifest, NoStdEvidence } from './facts-types.js';
import type { ArchiveStore } from './store.js';

/** A crate version an archive belongs to, with the index `cksum` it must match. */
export type ArchiveTarget = { packageId: number; name: string; num: string; cksum: string; yanked: boolean };

/** The indexed version `name` `num` with its cksum, or null when it is not indexed or has no cksum. */
export async function archiveTarget(db: DbOrTx, name: string, num: string): Promise<ArchiveTarget | null> {
  const [row] = await db
    .select({ packageId: packages.id, name: packages.name, num: versions.num, cksum: versions.cksum, yanked: versions.yanked })
    .from(versions)
    .innerJoin(packages, eq(packages.id, versions.packageId))
    .where(and(eq(packages.ecosystem, 'crates'), eq(packages.nameKey, nameKey('crates', name)), eq(versions.num, num)));
  return row?.cksum ? { ...row, cksum: row.cksum } : null;
}

/** The stored archive of a version (its sha256 and size), or null. */
export async function storedArchive(db: DbOrTx, packageId: number, num: string) {
  const [row] = await db.select({ sha256: crateArchives.sha256, size: crateArchives.size }).from(crateArchives)
    .where(and(eq(crateArchives.packageId, packageId), eq(crateArchives.versionNum, num)));
  return row ?? null;
}

export type RecordedArchive = { facts: 'stored' | 'unreadable'; problems: string[] };

/**
 * Records an archive already verified into the store, and what it says, in one transaction:
 * the archive row, the version's archive facts, and package fields the index left empty
 * (description, links, licence, keywords, categories: never overwriting another source).
 * An archive whose contents cannot be read is still recorded (cargo can use it); its problem is returned.
 */
export async function recordArchive(db: DbOrTx, store: ArchiveStore, t: ArchiveTarget, a: { size: number; origin: 'cargo-cache' | 'download' | 'mirror' }): Promise<RecordedArchive> {
  let extracted: Awaited<ReturnType<typeof extractArchiveFacts>> | null = null;
  let problem: string | null = null;
  try {
    extracted = await extractArchiveFacts(store.pathOf(t.cksum), t.name, t.num);
  } catch (err) {
    problem = (err as Error).message;
  }
  await db.transaction(async (tx) => {
    const archive = { packageId: t.packageId, versionNum: t.num, sha256: t.cksum, size: a.size, origin: a.origin, archiveMtime: extracted?.newestMtime ?? null };
    await tx.insert(crateArchives).values(archive).onConflictDoUpdate({ target: [crateArchives.packageId, crateArchives.versionNum], set: archive });
    if (!extracted) return;
    const facts = { packageId: t.packageId, versionNum: t.num, sha256: t.cksum, manifest: extracted.manifest, readmePath: extracted.readmePath, readmeHtml: extracted.readmeHtml, noStd: extracted.noStd, problems: extracted.problems };
    await tx.insert(crateArchiveFacts).values(facts).onConflictDoUpdate({ target: [crateArchiveFacts.packageId, crateArchiveFacts.versionNum], set: { ...facts, extractedAt: sql`now()` } });
    const m = extracted.manifest;
    const [pkg] = await tx.select().from(packages).where(eq(packages.id, t.packageId)).for('update');
    await tx.update(packages).set({
      description: pkg!.description ?? m.description ?? null,
      repository: pkg!.repository ?? m.repository ?? null,
      homepage: pkg!.homepage ?? m.homepage ?? null,
      documentation: pkg!.documentation ?? m.documentation ?? null,
      license: pkg!.license ?? m.license ?? null,
      keywords: pkg!.keywords.length ? pkg!.keywords : m.keywords ?? [],
      categories: pkg!.categories.length ? pkg!.categories : m.categories ?? [],
      updatedAt: sql`now()`,
    }).where(eq(packages.id, t.packageId));
    await queuePackageChanged(tx, t.packageId);
  });
  return { facts: extracted ? 'stored' : 'unreadable', problems: problem ? [problem] : extracted!.problems };
}

/** What a version's own archive says, as the compatibility engine and the pages read it. */
export type ArchiveFacts = {
  source: 'archive';
  crate: string;
  version: string;
  sha256: string;
  manifest: ArchiveManifest;
  readmePath: string | null;
  readmeHtml: string | null;
  noStd: NoStdEvidence;
  /** When the archive was stored here (the first-seen time, for publish dates the index lacks). */
  storedAt: Date;
  /** Newest file time inside the archive, when cargo recorded a real one. */
  archiveMtime: Date | null;
};

/** The archive facts of `crate` `version`, or null when Ferrite holds no readable archive of it. */
export async function archiveFacts(db: DbOrTx, crate: string, version: string): Promise<ArchiveFacts | null> {
  const [row] = await db
    .select({ name: packages.name, f: crateArchiveFacts, storedAt: crateArchives.storedAt, archiveMtime: crateArchives.archiveMtime })
    .from(crateArchiveFacts)
    .innerJoin(packages, eq(packages.id, crateArchiveFacts.packageId))
    .innerJoin(crateArchives, and(eq(crateArchives.packageId, crateArchiveFacts.packageId), eq(crateArchives.versionNum, crateArchiveFacts.versionNum)))
    .where(and(eq(packages.ecosystem, 'crates'), eq(packages.nameKey, nameKey('crates', crate)), eq(crateArchiveFacts.versionNum, version)));
  if (!row) return null;
  const f = row.f;
  return { source: 'archive', crate: row.name, version: f.versionNum, sha256: f.sha256, manifest: f.manifest, readmePath: f.readmePath, readmeHtml: f.readmeHtml, noStd: f.noStd, storedAt: row.storedAt, archiveMtime: row.archiveMtime };
}

/** Per version of a package: when its archive was stored and its inner mtime, for publish dates. */
export async function archiveDates(db: DbOrTx, packageId: number): Promise<Map<string, { storedAt: Date; archiveMtime: Date | null }>> {
  const rows = await db.select({ num: crateArchives.versionNum, storedAt: crateArchives.storedAt, archiveMtime: crateArchives.archiveMtime })
    .from(crateArchives).where(eq(crateArchives.packageId, packageId));
  return new Map(rows.map((r) => [r.num, { storedAt: r.storedAt, archiveMtime: r.archiveMtime }]));
}
