/** Where a version's publish date comes from, best first. */
export type PublishDateSource = 'index' | 'registry' | 'archive' | 'first-seen';
export type PublishDate = { at: Date; source: PublishDateSource };

type VersionDates = { num: string; publishedAt: Date | null; registryCreatedAt?: Date | null; createdAt: Date };
type ArchiveDates = Map<string, { storedAt: Date; archiveMtime: Date | null }>;

/**
 * Each version's publish date: the index line's `pubtime` (newer index entries carry it), else
 * crates.io's own record (from its database dump), else the newest file time inside the archive
 * (older cargo kept real times), else when Ferrite first saw the version: the earlier of indexing
 * it and storing its archive. The source always goes with the date, since the last two only bound it.
 */
export function publishDates(versions: VersionDates[], archives: ArchiveDates): Record<string, PublishDate> {
  const out: Record<string, PublishDate> = {};
  for (const v of versions) {
    const a = archives.get(v.num);
    if (v.publishedAt) out[v.num] = { at: v.publishedAt, source: 'index' };
    else if (v.registryCreatedAt) out[v.num] = { at: v.registryCreatedAt, source: 'registry' };
    else if (a?.archiveMtime) out[v.num] = { at: a.archiveMtime, source: 'archive' };
    else out[v.num] = { at: a && a.storedAt < v.createdAt ? a.storedAt : v.createdAt, source: 'first-seen' };
  }
  return out;
}
