import semver from 'semver';

type V = { num: string; yanked: boolean };

/**
 * Index files list versions in publish order, which is not semver order (hyper, heapless), so
 * "newest" always means semver-highest. Unparseable versions sort below every valid one.
 */
function compareVersions(a: string, b: string): number {
  const pa = semver.parse(a);
  const pb = semver.parse(b);
  if (pa && pb) return semver.compareBuild(pa, pb);
  if (pa) return 1;
  if (pb) return -1;
  return a.localeCompare(b);
}

/**
 * Newest first by `compareVersions`, parsing each version once: sorting parses O(n log n) times
 * otherwise, which was most of a crate page's time for crates with a thousand versions.
 */
export function newestFirst<T extends { num: string }>(rows: T[]): T[] {
  const keyed = rows.map((row) => ({ row, v: semver.parse(row.num) }));
  keyed.sort((a, b) => {
    if (a.v && b.v) return semver.compareBuild(b.v, a.v);
    if (a.v) return -1;
    if (b.v) return 1;
    return b.row.num.localeCompare(a.row.num);
  });
  return keyed.map((k) => k.row);
}

/** crates.io's default_version: the highest non-yanked stable, else the highest non-yanked pre-release, else the highest. */
export function defaultVersion(vs: V[]): string | null {
  const sorted = newestFirst(vs);
  const live = sorted.filter((v) => !v.yanked);
  return (live.find((v) => !semver.prerelease(v.num)) ?? live[0] ?? sorted[0])?.num ?? null;
}

export function maxVersion(vs: V[]): string | null {
  return vs.reduce<string | null>((max, v) => (max === null || compareVersions(v.num, max) > 0 ? v.num : max), null);
}
