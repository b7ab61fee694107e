import { describe, expect, it } from 'vitest';
import { halfFactor, packageHealth } from '../../api/contributors/health.js';

const now = new Date('2026-11-25T00:00:00Z');
const daysAgo = (d: number) => new Date(now.getTime() - d * 86_400_000);
const c = (person: string, days: number, weight = 1, type = 'publishing', org: string | null = null) => ({ person, at: daysAgo(days), weight, type, org });

describe('package health', () => {
  it('gives a one-person package an absence factor of 1', () => {
    const h = packageHealth({ now, contributions: [c('ana', 10), c('ana', 200)], releases: [], lookingForMaintainers: false });
    expect(h.absenceFactor).toBe(1);
    expect(h.activeMaintainers90).toBe(1);
    expect(h.activeMaintainers365).toBe(1);
  });

  it('counts the fewest people making up half of the last year: 5+3+2 → 1 (5 of 10 is half)', () => {
    expect(halfFactor(new Map([['a', 5], ['b', 3], ['c', 2]]))).toBe(1);
    // 4+3+3 → 2: 4 is less than half of 10, 4+3 = 7 is more.
    expect(halfFactor(new Map([['a', 4], ['b', 3], ['c', 3]]))).toBe(2);
    // Four equal contributors → 2.
    expect(packageHealth({ now, contributions: ['a', 'b', 'c', 'd'].map((p) => c(p, 30)), releases: [], lookingForMaintainers: false }).absenceFactor).toBe(2);
  });

  it('uses the last 365 days, and all time when the year is empty', () => {
    const old = [c('ana', 900, 10), c('ben', 800, 1)];
    expect(packageHealth({ now, contributions: [...old, c('ben', 20), c('cem', 20)], releases: [], lookingForMaintainers: false }).absenceFactor).toBe(1);
    expect(packageHealth({ now, contributions: old, releases: [], lookingForMaintainers: false })).toMatchObject({ absenceFactor: 1, activeMaintainers365: 0 });
  });

  it('has an elephant factor only when affiliations cover half of the weight', () => {
    const h = packageHealth({ now, contributions: [c('a', 5, 3, 'code', 'Acme'), c('b', 5, 1, 'code', 'Acme'), c('c', 5, 2, 'code', 'Initech')], releases: [], lookingForMaintainers: false });
    expect(h.elephantFactor).toBe(1);
    expect(packageHealth({ now, contributions: [c('a', 5, 1, 'code', 'Acme'), c('b', 5, 3)], releases: [], lookingForMaintainers: false }).elephantFactor).toBeNull();
  });

  it('measures release cadence as the median gap and the age of the last release', () => {
    const h = packageHealth({ now, contributions: [], releases: [daysAgo(100), daysAgo(70), daysAgo(10), daysAgo(50)], lookingForMaintainers: true });
    // Gaps 30, 20, 40 → median 30.
    expect(h).toMatchObject({ releaseCadenceDays: 30, lastReleaseDays: 10, lookingForMaintainers: true, absenceFactor: null });
    expect(packageHealth({ now, contributions: [], releases: [], lookingForMaintainers: false })).toMatchObject({ releaseCadenceDays: null, lastReleaseDays: null });
  });
});
