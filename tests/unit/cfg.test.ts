import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CfgSyntaxError, knownCfgNames, parseCfgLines, parsePlatform, platformMatches, unknownCfgNames } from '../../api/engine/compat/cfg.js';
import { loadTargets } from '../../api/engine/targets/data.js';
import { INDEX_FULL, INDEX_RECENT } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const RUSTC_CFG: Record<string, string[]> = JSON.parse(fs.readFileSync(path.join(SHARED_DATA, 'rust-platform-support', 'cfg-all-targets.json'), 'utf8'));
const { targets } = loadTargets();
const byTriple = new Map(targets.map((t) => [t.triple, t]));
const known = knownCfgNames(targets);

function allDepTargets(): string[] {
  const out = new Set<string>();
  const visit = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) visit(p);
      else for (const line of fs.readFileSync(p, 'utf8').split('\n')) {
        if (!line) continue;
        for (const d of JSON.parse(line).deps) if (d.target) out.add(d.target);
      }
    }
  };
  visit(INDEX_FULL);
  visit(INDEX_RECENT);
  return [...out];
}

const matches = (target: string, triple: string) => platformMatches(parsePlatform(target), triple, byTriple.get(triple)!.cfg);

describe('target data generated from rustc', () => {
  it('has the same targets and cfg values as rustc\'s own output recorded in the shared data', () => {
    expect(targets.map((t) => t.triple).sort()).toEqual(Object.keys(RUSTC_CFG).sort());
    for (const [triple, lines] of Object.entries(RUSTC_CFG)) expect(byTriple.get(triple)!.cfg, triple).toEqual(parseCfgLines(lines));
  });

  it('knows tier 1 hosts, tier 2 bare-metal targets and the browser target', () => {
    expect(byTriple.get('x86_64-unknown-linux-gnu')).toMatchObject({ tier: '1', std: 'yes', hostTools: true });
    expect(byTriple.get('thumbv7em-none-eabihf')).toMatchObject({ tier: '2', std: 'no' });
    expect(byTriple.get('wasm32-unknown-unknown')).toMatchObject({ tier: '2' });
  });
});

describe('cfg evaluation against every target', () => {
  it('agrees with rustc for every cfg value of every target, and for values of other targets', () => {
    const allValues = new Map<string, Set<string>>();
    for (const t of targets) for (const [k, vs] of Object.entries(t.cfg)) for (const v of vs) (allValues.get(k) ?? allValues.set(k, new Set()).get(k)!).add(v);
    let checked = 0;
    for (const t of targets) {
      for (const [k, vs] of Object.entries(t.cfg)) {
        if (vs.length === 0) {
          expect(matches(`cfg(${k})`, t.triple), `${t.triple} ${k}`).toBe(true);
          expect(matches(`cfg(not(${k}))`, t.triple)).toBe(false);
        }
        for (const v of vs) {
          expect(matches(`cfg(${k} = "${v}")`, t.triple), `${t.triple} ${k}=${v}`).toBe(true);
          expect(matches(`cfg(not(${k} = "${v}"))`, t.triple)).toBe(false);
          checked++;
        }
        for (const other of allValues.get(k) ?? []) {
          if (!vs.includes(other)) expect(matches(`cfg(${k} = "${other}")`, t.triple), `${t.triple} ${k}=${other}`).toBe(false);
        }
      }
      expect(matches(`cfg(all(target_arch = "${t.cfg.target_arch![0]}", not(target_arch = "no-such-arch")))`, t.triple)).toBe(true);
      expect(matches(`cfg(any(target_os = "no-such-os", target_arch = "${t.cfg.target_arch![0]}"))`, t.triple)).toBe(true);
      expect(matches(t.triple, t.triple)).toBe(true);
    }
    expect(checked).toBeGreaterThan(5000);
  });
});

describe('real dependency targets from the index', () => {
  const depTargets = allDepTargets();

  it('parses every target expression in the real index files', () => {
    expect(depTargets.length).toBeGreaterThan(100);
    const failed = depTargets.filter((t) => {
      try {
        parsePlatform(t);
        return false;
      } catch {
        return true;
      }
    });
    expect(failed).toEqual([]);
  });

  it('applies getrandom\'s browser dependency only on wasm32-unknown-unknown', () => {
    const wasm = 'cfg(all(target_arch = "wasm32", target_os = "unknown"))';
    expect(depTargets).toContain(wasm);
    expect(matches(wasm, 'wasm32-unknown-unknown')).toBe(true);
    expect(matches(wasm, 'x86_64-unknown-linux-gnu')).toBe(false);
    expect(matches(wasm, 'wasm32-wasip1')).toBe(false);
  });

  it('treats serde\'s cfg(any()) pin as applying nowhere, not as a platform limit', () => {
    expect(depTargets).toContain('cfg(any())');
    expect(targets.some((t) => matches('cfg(any())', t.triple))).toBe(false);
    expect(targets.every((t) => matches('cfg(all())', t.triple))).toBe(true);
  });

  it('evaluates unknown custom cfgs such as tokio_unstable to "not set" and reports them', () => {
    const custom = depTargets.filter((t) => t.includes('tokio_unstable'));
    expect(custom.length).toBeGreaterThan(0);
    for (const c of custom) expect(unknownCfgNames(parsePlatform(c), known), c).toContain('tokio_unstable');
    expect(unknownCfgNames(parsePlatform('cfg(all(unix, target_os = "linux"))'), known)).toEqual([]);
    expect(matches('cfg(tokio_unstable)', 'x86_64-unknown-linux-gnu')).toBe(false);
  });

  it('matches a plain triple target only on that target', () => {
    expect(matches('x86_64-pc-windows-gnu', 'x86_64-pc-windows-gnu')).toBe(true);
    expect(matches('x86_64-pc-windows-gnu', 'x86_64-pc-windows-msvc')).toBe(false);
  });

  it.each(['cfg(', 'cfg(unix', 'cfg(target_os = linux)', 'cfg(not(unix, windows))', 'cfg(unix) extra', 'not a triple!'])(
    'refuses the malformed %s with a syntax error, never a crash',
    (bad) => {
      expect(() => parsePlatform(bad)).toThrow(CfgSyntaxError);
    },
  );
});
