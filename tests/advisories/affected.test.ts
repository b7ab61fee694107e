import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { inOsvEvents, isAffected, osvEvents } from '../../api/engine/advisories/affected.js';
import { type Advisory, parseAdvisory } from '../../api/engine/formats/advisory.js';
import { indexPath } from '../../api/engine/formats/index-path.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const ROOT = path.join(SHARED_DATA, 'rustsec-advisory-db', 'crates');

function advisory(rel: string): Advisory {
  const r = parseAdvisory(fs.readFileSync(path.join(ROOT, `${rel}.md`), 'utf8'), path.dirname(rel));
  if (!r.ok) throw new Error(`${rel}: ${r.reason}`);
  return r.advisory;
}

/**
 * Each row: an advisory file, versions, and whether each is affected, as the advisory's own
 * `patched` / `unaffected` lists (quoted in the comment) and prose say. A bare requirement
 * (`0.13.10`) is a caret requirement in Cargo. Requirements compare by SemVer precedence with
 * pre-releases, as cargo-audit does: `< 2.0.0-2` covers every 1.x release and pre-release.
 */
const CASES: [file: string, expected: Record<string, boolean>][] = [
  // patched ["^0.3.24", ">= 0.4.2"]: 0.3.x fixed from 0.3.24, 0.4.x from 0.4.2.
  ['h2/RUSTSEC-2024-0003', { '0.3.23': true, '0.3.24': false, '0.3.26': false, '0.4.0': true, '0.4.1': true, '0.4.2': false }],
  // patched [">= 0.3.17"]
  ['h2/RUSTSEC-2023-0034', { '0.3.16': true, '0.3.17': false, '0.4.0': false }],
  // patched [">= 1.5.1, < 1.6.0", ">= 1.6.3, < 1.7.0", ">= 1.7.2, < 1.8.0", ">= 1.8.1"], unaffected ["< 0.3.0"]
  ['tokio/RUSTSEC-2021-0072', { '0.2.25': false, '1.5.0': true, '1.5.1': false, '1.6.2': true, '1.6.3': false, '1.8.0': true, '1.8.1': false }],
  // patched [">= 1.8.4, < 1.9.0", ">= 1.13.1"], unaffected ["< 0.1.14"]
  ['tokio/RUSTSEC-2021-0124', { '0.1.13': false, '0.1.14': true, '1.8.4': false, '1.9.0': true, '1.13.0': true, '1.13.1': false }],
  // patched [">= 1.18.4, < 1.19.0", ">= 1.20.3, < 1.21.0", ">= 1.23.1"], unaffected ["< 1.7.0"]
  ['tokio/RUSTSEC-2023-0001', { '1.6.0': false, '1.7.0': true, '1.18.4': false, '1.19.0': true, '1.20.3': false, '1.23.0': true, '1.23.1': false }],
  // informational unsound; patched [">= 1.18.5, < 1.19.0", ">= 1.20.4, < 1.21.0", ">= 1.24.2"], unaffected ["< 0.2.0"]
  ['tokio/RUSTSEC-2023-0005', { '0.1.22': false, '1.18.5': false, '1.24.1': true, '1.24.2': false }],
  // informational unsound; patched [… ">= 1.43.1, < 1.44.0", ">= 1.44.2"]
  ['tokio/RUSTSEC-2025-0023', { '1.38.2': false, '1.43.0': true, '1.43.1': false, '1.44.1': true, '1.44.2': false }],
  // patched [">= 0.14.3", "0.13.10", "0.12.36"], unaffected ["< 0.12.0"]: bare versions are caret requirements.
  ['hyper/RUSTSEC-2021-0020', { '0.11.27': false, '0.12.35': true, '0.12.36': false, '0.13.9': true, '0.13.10': false, '0.13.11': false, '0.14.2': true, '0.14.3': false }],
  // patched [">= 0.10.2", "< 0.10.0, >= 0.9.18"]
  ['hyper/RUSTSEC-2017-0002', { '0.9.17': true, '0.9.18': false, '0.10.0': true, '0.10.2': false }],
  // patched [">= 1.11.1"], unaffected ["< 1.2.1"]
  ['bytes/RUSTSEC-2026-0007', { '1.2.0': false, '1.2.1': true, '1.10.1': true, '1.11.1': false }],
  // informational unsound; patched [">= 0.7.3"], unaffected ["<= 0.7.0"]
  ['cortex-m-rt/RUSTSEC-2023-0014', { '0.7.0': false, '0.7.1': true, '0.7.2': true, '0.7.3': false }],
  // informational unsound; patched [">= 0.6.1"]
  ['heapless/RUSTSEC-2020-0145', { '0.6.0': true, '0.6.1': false }],
  // informational unmaintained, patched []: every version.
  ['atomic-polyfill/RUSTSEC-2023-0089', { '0.1.11': true, '1.0.3': true }],
  // patched [">= 0.4.8, < 1.0.0-0", ">= 1.1.0"], unaffected ["< 0.4.2"]: 1.0.0 and its pre-releases are affected.
  ['arc-swap/RUSTSEC-2020-0091', { '0.4.1': false, '0.4.7': true, '0.4.8': false, '1.0.0-rc1': true, '1.0.0': true, '1.1.0': false }],
  // patched [">= 0.2.8, < 0.3.0-rc.1", ">= 0.3.0-rc.2"]
  ['axum-core/RUSTSEC-2022-0055', { '0.2.7': true, '0.2.8': false, '0.3.0-rc.1': true, '0.3.0-rc.2': false, '0.3.0': false }],
  // patched [">= 0.4.2"], unaffected ["< 0.2.0-alpha.3"]
  ['conduit-hyper/RUSTSEC-2022-0066', { '0.1.3': false, '0.2.0-alpha.2': false, '0.2.0-alpha.3': true, '0.4.1': true, '0.4.2': false }],
  // patched [">= 2.0.2"], unaffected ["< 2.0.0-2"]: by precedence 1.x and its pre-releases come before 2.0.0-2.
  ['enum-map/RUSTSEC-2022-0010', { '1.0.0-beta.1': false, '1.1.1': false, '2.0.0-1': false, '2.0.0-2': true, '2.0.1': true, '2.0.2': false }],
  // patched [">= 0.103.12, < 0.104.0-alpha.1", ">= 0.104.0-alpha.6"]
  ['rustls-webpki/RUSTSEC-2026-0098', { '0.103.11': true, '0.103.12': false, '0.104.0-alpha.5': true, '0.104.0-alpha.6': false, '0.104.0': false }],
  // patched [">= 0.10.0-alpha.4", "< 0.10.0-alpha.1, >= 0.9.5", "< 0.9.0, >= 0.8.4", "< 0.8.0, >= 0.7.1"], unaffected ["< 0.7.0"]
  ['lettre/RUSTSEC-2020-0069', { '0.6.2': false, '0.7.0': true, '0.7.1': false, '0.8.3': true, '0.8.4': false, '0.9.4': true, '0.9.5': false, '0.10.0-alpha.3': true, '0.10.0-alpha.4': false, '0.10.0': false }],
  // patched [">= 0.8.17"], unaffected ["< 0.7.0-pre.2"]
  ['rkyv/RUSTSEC-2026-0235', { '0.6.7': false, '0.7.0-pre.1': false, '0.7.0': true, '0.8.16': true, '0.8.17': false }],
  // patched [">= 4.0.0"], unaffected ["< 0.42.0-alpha.4"]
  ['triton-vm/RUSTSEC-2021-0156', { '0.41.0': false, '0.42.0-alpha.4': true, '0.42.1': true, '4.0.0': false }],
  // patched ["^ 2.2.1", ">= 3.0.0-beta.9"]
  ['actix-http/RUSTSEC-2021-0081', { '2.2.0': true, '2.2.1': false, '2.2.2': false, '3.0.0-beta.8': true, '3.0.0-beta.9': false, '3.0.0': false }],
  // patched [], unaffected ["< 0.25.0-alpha.3", ">= 0.26.0-beta.1"]
  ['hickory-proto/RUSTSEC-2026-0118', { '0.24.4': false, '0.25.0-alpha.2': false, '0.25.0-alpha.3': true, '0.25.2': true, '0.26.0-beta.1': false, '0.26.0': false }],
  // unaffected ["< 0.30.0-rc.1"], patched ["^ 0.30.2", ">= 0.31.1"]
  ['libp2p-core/RUSTSEC-2022-0009', { '0.29.0': false, '0.30.0-rc.1': true, '0.30.1': true, '0.30.2': false, '0.31.0': true, '0.31.1': false }],
  // patched [">= 1.0.0-alpha.1", "^0.10.4"]
  ['borsh/RUSTSEC-2023-0033', { '0.9.3': true, '0.10.3': true, '0.10.4': false, '1.0.0-alpha.1': false, '1.5.0': false }],
  // Withdrawn: they affect nothing, whatever their lists say.
  ['markdown/RUSTSEC-2022-0044', { '0.3.0': false, '1.0.0-alpha.1': false }],
  ['git2/RUSTSEC-2023-0002', { '0.15.0': false, '0.16.0': false }],
  ['tower-http/RUSTSEC-2021-0135', { '0.1.2': false, '0.2.0': false }],
  ['spin/RUSTSEC-2019-0031', { '0.5.2': false }],
  ['libpulse-binding/RUSTSEC-2020-0055', { '2.0.0': false }],
];

describe("cargo-audit's affected rule on real advisories", () => {
  it('covers at least 30 advisories, pre-releases and withdrawn ones among them', () => {
    expect(new Set(CASES.map(([f]) => f)).size).toBeGreaterThanOrEqual(30);
    expect(CASES.filter(([, e]) => Object.keys(e).some((v) => v.includes('-'))).length).toBeGreaterThanOrEqual(10);
    expect(CASES.filter(([f]) => advisory(f).withdrawn).length).toBe(5);
  });

  for (const [file, expected] of CASES) {
    it(`${file}: ${Object.entries(expected).map(([v, a]) => `${v} ${a ? 'affected' : 'not'}`).join(', ')}`, () => {
      const a = advisory(file);
      const actual = Object.fromEntries(Object.keys(expected).map((v) => [v, isAffected(a, v)]));
      expect(actual).toEqual(expected);
      // The OSV export says the same thing for every version (withdrawn ones: OSV readers honour `withdrawn`).
      if (!a.withdrawn) for (const v of Object.keys(expected)) expect(inOsvEvents(osvEvents(a), v), v).toBe(expected[v]);
    });
  }

  it('turns the lists into OSV events the way rustsec does', () => {
    expect(osvEvents(advisory('h2/RUSTSEC-2024-0003'))).toEqual([{ introduced: '0' }, { fixed: '0.3.24' }, { introduced: '0.4.0-0' }, { fixed: '0.4.2' }]);
    expect(osvEvents(advisory('bytes/RUSTSEC-2026-0007'))).toEqual([{ introduced: '1.2.1' }, { fixed: '1.11.1' }]);
    expect(osvEvents(advisory('cortex-m-rt/RUSTSEC-2023-0014'))).toEqual([{ introduced: '0.7.1-0' }, { fixed: '0.7.3' }]);
    expect(osvEvents(advisory('atomic-polyfill/RUSTSEC-2023-0089'))).toEqual([{ introduced: '0' }]);
    expect(osvEvents(advisory('hickory-proto/RUSTSEC-2026-0118'))).toEqual([{ introduced: '0.25.0-alpha.3' }, { fixed: '0.26.0-beta.1' }]);
  });

  it('agrees with its OSV events on every version of every indexed crate with an advisory', () => {
    const index = path.join(SHARED_DATA, 'crates-index', 'index-full');
    let checked = 0;
    for (const dir of fs.readdirSync(ROOT)) {
      const file = path.join(index, indexPath(dir));
      if (!fs.existsSync(file)) continue;
      const nums = fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l).vers as string);
      for (const f of fs.readdirSync(path.join(ROOT, dir))) {
        const a = advisory(`${dir}/${f.replace(/\.md$/, '')}`);
        if (a.withdrawn) continue;
        const events = osvEvents(a);
        for (const v of nums) {
          expect(inOsvEvents(events, v), `${a.id} ${v}`).toBe(isAffected(a, v));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });
});
