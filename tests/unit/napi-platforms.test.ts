import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { napiPlatformOfPackage, napiPlatformTriple, rustTripleOf } from '../../api/engine/compat/napi-platforms.js';
import { loadTargets } from '../../api/engine/targets/data.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const PACKUMENTS = path.join(SHARED_DATA, 'npm-packuments', 'packuments');

/** Latest manifests of the real packuments that declare napi-rs v3 `targets` (Rust triples). */
function napiV3Packages() {
  return fs.readdirSync(PACKUMENTS).map((f) => JSON.parse(fs.readFileSync(path.join(PACKUMENTS, f), 'utf8')))
    .map((p) => p.versions[p['dist-tags'].latest])
    .filter((v) => Array.isArray(v?.napi?.targets) && v.optionalDependencies);
}

describe('napi-rs platform names', () => {
  it('maps the per-platform packages of real napi-rs v3 packages to triples the packages declare', () => {
    const pkgs = napiV3Packages();
    expect(pkgs.length).toBeGreaterThanOrEqual(3);
    let mapped = 0;
    const undeclared: string[] = [];
    for (const v of pkgs) {
      for (const dep of Object.keys(v.optionalDependencies)) {
        const platform = napiPlatformOfPackage(dep);
        if (!platform) continue;
        const triple = napiPlatformTriple(platform);
        if (triple === null) continue;
        mapped++;
        if (!v.napi.targets.map(rustTripleOf).includes(triple)) undeclared.push(`${dep} → ${triple}`);
      }
    }
    expect(mapped).toBeGreaterThan(10);
    // Published metadata is not always consistent: @tailwindcss/oxide ships a darwin-x64 package
    // its napi.targets no longer lists. Such cases must stay rare, or the mapping is wrong.
    expect(undeclared.length / mapped, undeclared.join('\n')).toBeLessThan(0.05);
  });

  it('names only triples rustc knows, also for the aliases napi-rs accepts', () => {
    const triples = new Set(loadTargets().targets.map((t) => t.triple));
    expect(triples).toContain(rustTripleOf('riscv64-unknown-linux-gnu'));
    for (const p of ['linux-x64-gnu', 'darwin-arm64', 'android-arm-eabi', 'linux-loong64-gnu', 'win32-x64-msvc', 'wasm32-wasi', 'openharmony-arm64']) {
      expect(triples, p).toContain(napiPlatformTriple(p));
    }
  });

  it('says when a name is no napi-rs platform, or no single triple', () => {
    expect(napiPlatformTriple('linux-x64')).toBeUndefined();
    expect(napiPlatformTriple('darwin-universal')).toBeNull();
    expect(napiPlatformOfPackage('esbuild')).toBeNull();
    expect(napiPlatformOfPackage('@node-rs/argon2-linux-arm64-musl')).toBe('linux-arm64-musl');
  });
});
