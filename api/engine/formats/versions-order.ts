import semver from 'semver';

type V = { num: string; yanked: boolean };

/**
 * Newest first. Index files list versions in publish order, which is not semver order (hyper,
 * heapless), so "newest" always means semver-highest; unparseable versions sort below every valid
 * one. Each version is parsed once, not on every comparison.
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
  return newestFirst(vs)[0]?.num ?? null;
}
