/**
 * Package health after CHAOSS, computed from contributions and releases, each figure with the
 * formula shown beside it. Pure: the page, the API and the tests call the same function.
 */
export type HealthInput = {
  now: Date;
  contributions: { person: string; at: Date; weight: number; type: string; org?: string | null }[];
  releases: Date[];
  lookingForMaintainers: boolean;
};

export type Health = {
  activeMaintainers90: number;
  activeMaintainers365: number;
  /** Fewest people whose contributions make up half of the last year's (all time when the year is empty); unknown with no contributions recorded. */
  absenceFactor: number | null;
  /** The same over organisations, when affiliations are known for at least half of the weight. */
  elephantFactor: number | null;
  /** Median days between consecutive releases (the last ten intervals). */
  releaseCadenceDays: number | null;
  lastReleaseDays: number | null;
  lookingForMaintainers: boolean;
  formulas: Record<string, string>;
};

const DAY = 86_400_000;
const MAINTAINING = new Set(['maintenance', 'publishing', 'review', 'metadata', 'compatibility-report', 'code']);

/** Fewest keys whose summed weight reaches half of the total (CHAOSS "contributor absence factor"). */
export function halfFactor(weights: Map<string, number>): number {
  const total = [...weights.values()].reduce((a, b) => a + b, 0);
  if (total <= 0) return 0;
  let sum = 0;
  let n = 0;
  for (const w of [...weights.values()].sort((a, b) => b - a)) {
    sum += w;
    n++;
    if (sum * 2 >= total) break;
  }
  return n;
}

const median = (xs: number[]) => {
  if (!xs.length) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

export function packageHealth(input: HealthInput): Health {
  const since = (days: number) => input.contributions.filter((c) => input.now.getTime() - c.at.getTime() <= days * DAY);
  const active = (days: number) => new Set(since(days).filter((c) => MAINTAINING.has(c.type)).map((c) => c.person)).size;
  const window = since(365).length ? since(365) : input.contributions;
  const byPerson = new Map<string, number>();
  for (const c of window) byPerson.set(c.person, (byPerson.get(c.person) ?? 0) + c.weight);
  const known = window.filter((c) => c.org);
  const knownWeight = known.reduce((s, c) => s + c.weight, 0);
  const totalWeight = window.reduce((s, c) => s + c.weight, 0);
  const byOrg = new Map<string, number>();
  for (const c of known) byOrg.set(c.org!, (byOrg.get(c.org!) ?? 0) + c.weight);
  const releases = [...input.releases].sort((a, b) => a.getTime() - b.getTime());
  const gaps = releases.slice(1).map((r, i) => (r.getTime() - releases[i]!.getTime()) / DAY).slice(-10);
  const last = releases.at(-1);
  return {
    activeMaintainers90: active(90),
    activeMaintainers365: active(365),
    absenceFactor: window.length ? halfFactor(byPerson) : null,
    elephantFactor: totalWeight > 0 && knownWeight * 2 >= totalWeight ? halfFactor(byOrg) : null,
    releaseCadenceDays: gaps.length ? Math.round(median(gaps)!) : null,
    lastReleaseDays: last ? Math.floor((input.now.getTime() - last.getTime()) / DAY) : null,
    lookingForMaintainers: input.lookingForMaintainers,
    formulas: {
      activeMaintainers: 'distinct people with maintenance, publishing, review, code, metadata or compatibility-report contributions in the last 90 / 365 days',
      absenceFactor: 'fewest people whose weighted contributions make up at least half of the last 365 days (all time if none)',
      elephantFactor: 'the same over organisations, shown when affiliations cover at least half of the weight',
      releaseCadence: 'median days between the last ten consecutive releases (publish dates come from the crates.io dump or npm; index files carry none)',
      lastRelease: 'days since the newest release; a finished crate may rightly not release for years',
    },
  };
}
