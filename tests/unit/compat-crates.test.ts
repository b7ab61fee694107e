import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../api/engine/compat/analyze.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { describeWithFullData } from '../setup/full-data.js';
import { INDEX_FULL, INDEX_RECENT } from '../setup/index-fixtures.js';

/**
 * The engine over the real index files: every version of 305 seed crates plus the newest
 * versions of their dependencies, so transitive answers come from real dependency records.
 */
let byName: Map<string, Analysis>;
beforeAll(async () => {
  const { analyses, problems } = await analyzePaths([INDEX_FULL, INDEX_RECENT]);
  expect(problems).toEqual([]);
  byName = new Map(analyses.map((a) => [a.name, a]));
});

const get = (name: string) => {
  const a = byName.get(name);
  if (!a) throw new Error(`${name} not analysed`);
  return a;
};
const evidenceOf = (a: Analysis, claim: string) => a.evidence.filter((e) => e.claim === claim).map((e) => `${e.source}: ${e.detail}`);

// Transitive answers need the dependency records of the whole set (a closure of about 12 MB): full data only.
describeWithFullData('crate inference on real index records', () => {
  it('a server-only runtime: tokio needs std, runs on Linux servers, not on bare metal', () => {
    const tokio = get('tokio');
    expect(tokio).toMatchObject({ noStd: 'no', profiles: { cloud: 'yes', embedded: 'no' } });
    expect(evidenceOf(tokio, 'nostd').join('\n')).toMatch(/tokio needs std/);
  });

  it('std requirements travel through dependencies: a crate on tokio is std-only, and says why', () => {
    const reqwest = get('reqwest');
    expect(reqwest.noStd).toBe('no');
    expect(evidenceOf(reqwest, 'nostd').join('\n')).toMatch(/depends on \S+ .*needs std/);
    expect(reqwest.profiles.embedded).toBe('no');
  });

  it('no_std by feature: serde is std by default and builds without it', () => {
    const serde = get('serde');
    expect(serde.noStd).toBe('optional');
    expect(evidenceOf(serde, 'nostd')).toContainEqual(expect.stringMatching(/^features.default: .*`std`/));
    expect(serde.profiles.embedded).toBe('partial');
  });

  it('bare-metal crates: cortex-m and the HALs built on it run on microcontrollers only', () => {
    expect(get('cortex-m').profiles).toEqual({ cloud: 'no', wasm: 'no', embedded: 'yes' });
    expect(evidenceOf(get('rp2040-hal'), 'profile:embedded').join('\n')).toMatch(/RP2040/);
    const hal = get('stm32f4xx-hal');
    expect(hal.profiles).toEqual({ cloud: 'no', wasm: 'no', embedded: 'yes' });
    expect(evidenceOf(hal, 'profile:embedded').join('\n')).toMatch(/cortex-m/);
  });

  it('a crate that only compiles to a failing stub on wasm is partial there, never no: candle-core through memmap2', () => {
    const candle = get('candle-core');
    expect(candle.profiles.wasm).toBe('partial');
    expect(evidenceOf(candle, 'profile:wasm').join('\n')).toMatch(/memmap2.*fail at run time/);
    expect(get('memmap2').profiles.wasm).toBe('partial');
    expect(candle.targets?.['wasm32-unknown-unknown']).toBe('partial');
  });

  it('chip-family crates answer per target: esp-hal runs on Espressif triples only, stm32 and rp2040 HALs on Cortex-M only', () => {
    const esp = get('esp-hal').targets!;
    for (const triple of ['thumbv7em-none-eabihf', 'thumbv6m-none-eabi', 'wasm32v1-none', 'wasm32-unknown-unknown', 'x86_64-unknown-linux-gnu', 'riscv32imac-unknown-none-elf'.replace('imac', 'i')])
      expect([triple, esp[triple]]).toEqual([triple, 'no']);
    expect(esp['riscv32imc-unknown-none-elf']).toBe('yes');
    expect(esp['xtensa-esp32-none-elf']).toBe('yes');
    for (const name of ['esp-wifi', 'esp-riscv-rt', 'esp-backtrace']) expect([name, get(name).targets?.['thumbv7em-none-eabihf']]).toEqual([name, 'no']);
    const stm = get('stm32f4xx-hal').targets!;
    expect(stm['riscv32imac-unknown-none-elf']).toBe('no');
    expect(stm['thumbv7em-none-eabihf']).not.toBe('no');
    const rp = get('rp2040-hal').targets!;
    expect(rp['thumbv6m-none-eabi']).toBe('yes');
    expect(rp['thumbv7em-none-eabihf']).toBe('no');
  });

  it('tier-1 hosts beyond Linux answer from the dependencies a crate declares for them: tokio on Windows and macOS', () => {
    const tokio = get('tokio').targets!;
    for (const triple of ['x86_64-pc-windows-msvc', 'aarch64-apple-darwin', 'x86_64-unknown-linux-gnu']) expect([triple, tokio[triple]]).toEqual([triple, 'yes']);
    expect(tokio['thumbv7em-none-eabihf']).toBe('no');
  });

  it('ESP-IDF is embedded with an OS, not bare metal: partial, and never a Linux server', () => {
    const svc = get('esp-idf-svc');
    expect(svc.profiles).toMatchObject({ embedded: 'partial', cloud: 'no', wasm: 'no' });
  });

  it('proc-macro dependencies run on the host and do not make a crate std-only', () => {
    // defmt depends on defmt-macros (a proc-macro using std); defmt itself is for microcontrollers.
    expect(get('defmt').noStd).not.toBe('no');
  });

  it('wasm: getrandom has browser-specific dependencies', () => {
    const g = get('getrandom');
    expect(g.profiles.wasm).toBe('yes');
    expect(evidenceOf(g, 'profile:wasm').join('\n')).toMatch(/wasm/);
  });

  it('GPU: cudarc requires CUDA; candle-core offers CUDA and Metal behind features; burn-cuda requires CUDA through its dependencies', () => {
    const cudarc = get('cudarc');
    expect(cudarc.accelerators).toContain('cuda');
    expect(cudarc.profiles).toMatchObject({ wasm: 'no', embedded: 'no' });
    const candle = get('candle-core');
    expect(candle.accelerators).toEqual(expect.arrayContaining(['cuda', 'metal', 'accelerate', 'mkl']));
    expect(evidenceOf(candle, 'accel:cuda').join('\n')).toMatch(/feature `cuda`/);
    const burnCuda = get('burn-cuda');
    expect(burnCuda.accelerators).toContain('cuda');
    expect(burnCuda.profiles.wasm).toBe('no');
  });

  it('system libraries: tch needs libtorch, which the browser and microcontrollers lack', () => {
    const tch = get('tch');
    expect(tch.profiles).toMatchObject({ wasm: 'no', embedded: 'no' });
    expect(tch.evidence.some((e) => e.claim.startsWith('native:'))).toBe(true);
  });

  it('msrv comes from rust_version', () => {
    expect(get('tokio').msrv).toMatch(/^1\.\d+/);
    expect(evidenceOf(get('tokio'), 'msrv')[0]).toMatch(/^rust_version: rust_version = "1\.\d+"/);
  });

  it('honest answers: every non-unknown claim has evidence, and a crate the metadata says nothing about stays unknown', () => {
    for (const a of byName.values()) {
      for (const [profile, status] of Object.entries(a.profiles)) if (status !== 'unknown') expect(evidenceOf(a, `profile:${profile}`), `${a.name} ${profile}`).not.toEqual([]);
      if (a.noStd !== 'unknown') expect(evidenceOf(a, 'nostd'), a.name).not.toEqual([]);
      for (const acc of a.accelerators) expect(evidenceOf(a, `accel:${acc}`), `${a.name} ${acc}`).not.toEqual([]);
    }
    // heapless's index record has no std feature, no categories and no platform-specific dependency.
    expect(get('heapless')).toMatchObject({ noStd: 'unknown', profiles: { cloud: 'unknown', wasm: 'unknown', embedded: 'unknown' } });
  });

  it('describes the newest non-yanked stable version', () => {
    const a = get('candle-core');
    expect(a.version).toMatch(/^\d+\.\d+\.\d+$/);
  });
});

describe('names that are also object members', () => {
  it('find nothing in the curated tables: no accelerator, no std verdict, no crash', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ferrite-proto-'));
    const PROTO = ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'valueOf'];
    const lines = PROTO.map((name) =>
      JSON.stringify({
        name: name === '__proto__' ? 'proto-crate' : name,
        vers: '1.0.0',
        deps: PROTO.map((d) => ({ name: d, req: '^1', features: [], optional: true, default_features: true, target: null, kind: 'normal' })),
        cksum: '0'.repeat(64),
        features: Object.fromEntries(PROTO.map((f) => [f, [`${f}/${f}`]])),
        yanked: false,
      }),
    );
    // An index file holds one crate's versions.
    const files = lines.map((line, i) => {
      const file = path.join(dir, `proto-${i}`);
      fs.writeFileSync(file, line + '\n');
      return file;
    });
    const { analyses } = await analyzePaths(files);
    expect(analyses.length).toBeGreaterThanOrEqual(4);
    for (const a of analyses) {
      expect(a.accelerators, a.name).toEqual([]);
      expect(JSON.stringify(a)).not.toContain('native code');
    }
  });
});
