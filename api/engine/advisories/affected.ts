import semver from 'semver';
import { cargoRange } from '../compat/universe.js';

/** What the affected rule needs of an advisory. */
export type VersionRules = { patched: string[]; unaffected: string[]; withdrawn: string | null };

/**
 * Advisory requirements are compared by SemVer precedence, pre-releases included: cargo-audit
 * (rustsec ≥ 0.25) turns `patched` and `unaffected` into OSV intervals, so `>= 1.2.0` covers
 * `1.3.0-alpha.1` and `< 0.2.0-alpha.3` covers `0.1.0-beta.1`. Cargo's own matching (a
 * pre-release only matches a comparator of the same major.minor.patch that has one) is what
 * node-semver does without `includePrerelease`; that is the rule for dependency requirements
 * (universe.ts), not for advisories.
 */
const PRECEDENCE = { includePrerelease: true, loose: true } as const;

const ranges = new Map<string, semver.Range | null>();

/** A Cargo requirement (`>= 1.2, < 1.4`, `^0.3.24`, bare `1.2` = caret) as an interval, or null when unreadable. */
export function requirementRange(req: string): semver.Range | null {
  let r = ranges.get(req);
  if (r === undefined) {
    const text = cargoRange(req);
    r = text === null ? null : new semver.Range(text, PRECEDENCE);
    ranges.set(req, r);
  }
  return r;
}

const matches = (version: semver.SemVer, req: string) => requirementRange(req)?.test(version) ?? false;

/**
 * cargo-audit's rule: a version is affected unless a `patched` or `unaffected` requirement
 * matches it. A withdrawn advisory affects nothing. A version that is not SemVer cannot be
 * placed against the ranges and is reported as not affected (index versions always are SemVer).
 */
export function isAffected(rules: VersionRules, version: string): boolean {
  if (rules.withdrawn) return false;
  const v = semver.parse(version, { loose: true });
  if (!v) return false;
  return !rules.patched.some((r) => matches(v, r)) && !rules.unaffected.some((r) => matches(v, r));
}

type Bound = { v: semver.SemVer; inclusive: boolean } | null;
type Interval = { start: Bound; end: Bound };

/** The interval one requirement covers: its greatest lower and least upper bound. */
function interval(req: string): Interval {
  const range = requirementRange(req);
  let start: Bound = null;
  let end: Bound = null;
  for (const c of range?.set[0] ?? []) {
    // `*` is a comparator with no version: it bounds nothing.
    if (c.value === '') continue;
    const op = c.operator;
    if (op === '>' || op === '>=' || op === '') {
      const b = { v: c.semver, inclusive: op !== '>' };
      if (!start || semver.compare(b.v, start.v) > 0 || (semver.eq(b.v, start.v) && !b.inclusive)) start = b;
    }
    if (op === '<' || op === '<=' || op === '') {
      const b = { v: c.semver, inclusive: op !== '<' };
      if (!end || semver.compare(b.v, end.v) < 0 || (semver.eq(b.v, end.v) && !b.inclusive)) end = b;
    }
  }
  return { start, end };
}

/**
 * The lowest version above `v` by SemVer precedence, as rustsec computes it: `1.2.3` → `1.2.4-0`,
 * `1.2.3-alpha` → `1.2.3-alpha.0`. It turns an inclusive upper bound into OSV's exclusive `fixed`.
 */
function next(v: semver.SemVer): string {
  const base = `${v.major}.${v.minor}`;
  return v.prerelease.length ? `${base}.${v.patch}-${v.prerelease.join('.')}.0` : `${base}.${v.patch + 1}-0`;
}

export type OsvEvent = { introduced: string } | { fixed: string };

/**
 * The affected versions as OSV `SEMVER` events (introduced inclusive, fixed exclusive): the gaps
 * between the unaffected intervals that `patched` and `unaffected` describe. Overlapping
 * intervals are merged (rustsec refuses them; none in the database overlap).
 */
export function osvEvents(rules: Pick<VersionRules, 'patched' | 'unaffected'>): OsvEvent[] {
  const safe = [...rules.patched, ...rules.unaffected].map(interval);
  safe.sort((a, b) => (a.start === null ? -1 : b.start === null ? 1 : semver.compare(a.start.v, b.start.v)));
  const events: OsvEvent[] = [];
  const later = (a: string, b: string) => semver.compare(a, b, PRECEDENCE) > 0;
  // The lowest version no safe interval has covered yet; LOWEST stands for "from the beginning".
  let cursor = LOWEST;
  for (const s of safe) {
    if (s.start !== null) {
      const fixed = s.start.inclusive ? s.start.v.version : next(s.start.v);
      if (later(fixed, cursor)) events.push({ introduced: cursor === LOWEST ? '0' : cursor }, { fixed });
    }
    if (s.end === null) return events;
    const after = s.end.inclusive ? next(s.end.v) : s.end.v.version;
    // Intervals may overlap: keep the furthest end.
    if (later(after, cursor)) cursor = after;
  }
  events.push({ introduced: cursor === LOWEST ? '0' : cursor });
  return events;
}

/** Below every version, pre-releases included. */
const LOWEST = '0.0.0-0';

/** Whether a version falls inside OSV events (the reading an OSV consumer makes). */
export function inOsvEvents(events: OsvEvent[], version: string): boolean {
  let affected = false;
  for (const e of events) {
    if ('introduced' in e && (e.introduced === '0' || semver.gte(version, e.introduced, PRECEDENCE))) affected = true;
    else if ('fixed' in e && semver.gte(version, e.fixed, PRECEDENCE)) affected = false;
  }
  return affected;
}
