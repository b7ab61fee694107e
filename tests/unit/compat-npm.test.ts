import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../api/engine/compat/analyze.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { INDEX_FULL } from '../setup/index-fixtures.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const PACKUMENTS = path.join(SHARED_DATA, 'npm-packuments', 'packuments');
const LOOK_ALIKES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'npm');

/** Real packuments (57 packages) and `npm view` output for esbuild, sharp and bcrypt, analysed with the real crate index. */
let byName: Map<string, Analysis>;
beforeAll(async () => {
  const { analyses, problems } = await analyzePaths([PACKUMENTS, LOOK_ALIKES, INDEX_FULL]);
  expect(problems).toEqual([]);
  byName = new Map(analyses.filter((a) => a.ecosystem === 'npm').map((a) => [a.name, a]));
});
const get = (name: string) => byName.get(name) ?? (() => { throw new Error(`${name} not analysed`); })();

describe('npm binding detection on real packuments', () => {
  it('napi-rs v3 `targets`: @node-rs/argon2 lists rustc triples, its WASI build included', () => {
    const a = get('@node-rs/argon2');
    expect(a.rust).toBe('yes');
    expect(a.binding?.kind).toBe('napi-rs');
    expect(a.binding?.triples).toEqual(expect.arrayContaining(['x86_64-unknown-linux-gnu', 'aarch64-apple-darwin', 'wasm32-wasip1-threads']));
    expect(a.profiles.cloud).toBe('yes');
  });

  it('napi-rs v2 `triples`: defaults expand to napi-rs default targets; non-rustc spellings map to rustc triples', () => {
    const resvg = get('@resvg/resvg-js');
    expect(resvg.binding?.triples).toEqual(expect.arrayContaining(['x86_64-apple-darwin', 'x86_64-pc-windows-msvc', 'x86_64-unknown-linux-gnu', 'aarch64-linux-android']));
    expect(get('@napi-rs/canvas').binding?.triples).toContain('riscv64gc-unknown-linux-gnu');
    expect(get('@napi-rs/canvas').binding?.triples).not.toContain('riscv64-unknown-linux-gnu');
  });

  it('per-platform packages: the .node file name gives the triple; os/cpu alone would not', () => {
    expect(get('@node-rs/argon2-linux-x64-gnu').binding).toMatchObject({ kind: 'napi-rs', triples: ['x86_64-unknown-linux-gnu'] });
    expect(get('@node-rs/argon2-darwin-arm64')).toMatchObject({ profiles: { cloud: 'no' }, binding: { triples: ['aarch64-apple-darwin'] } });
    expect(get('@node-rs/argon2-wasm32-wasi').binding?.triples).toEqual(['wasm32-wasip1-threads']);
  });

  it('wasm-bindgen output is recognised by its _bg.wasm file and targets the browser', () => {
    const photon = get('@silvia-odwyer/photon');
    expect(photon).toMatchObject({ rust: 'yes', profiles: { wasm: 'yes' }, binding: { kind: 'wasm-bindgen', triples: ['wasm32-unknown-unknown'] } });
  });

  it('neon: vectordb is built with cargo-cp-artifact and @neon-rs, and its platform package inherits that', () => {
    expect(get('vectordb').binding?.kind).toBe('neon');
    expect(get('vectordb').binding?.triples).toContain('x86_64-unknown-linux-gnu');
    expect(get('@lancedb/vectordb-linux-x64-gnu')).toMatchObject({ rust: 'yes', binding: { kind: 'neon', triples: ['x86_64-unknown-linux-gnu'] } });
  });

  it('links a binding to its crate when that crate is indexed', () => {
    expect(get('tokenizers').binding?.crate).toBe('tokenizers');
    expect(get('tokenizers').evidence.some((e) => e.claim === 'crate')).toBe(true);
  });

  it('look-alikes are not called Rust: Go binaries, C++ addons, pure JavaScript', () => {
    // esbuild (Go) and sharp (C++) publish per-platform optional dependencies like napi-rs does.
    expect(get('esbuild').rust).not.toBe('yes');
    expect(get('sharp').rust).not.toBe('yes');
    // node-gyp and node-pre-gyp addons: C and C++.
    for (const name of ['bcrypt', 'usearch', 'onnxruntime-node']) {
      expect(get(name).rust, name).toBe('no');
      expect(get(name).evidence.length, name).toBeGreaterThan(0);
    }
    for (const name of ['@huggingface/transformers', '@xenova/transformers', 'js-tiktoken', '@mlc-ai/web-llm']) {
      expect(get(name), name).toMatchObject({ rust: 'unknown', binding: null });
    }
  });

  it('every non-unknown answer carries evidence', () => {
    for (const a of byName.values()) {
      if (a.rust !== 'unknown') expect(a.evidence.filter((e) => e.claim === 'rust'), a.name).not.toEqual([]);
      for (const [p, s] of Object.entries(a.profiles)) if (s !== 'unknown') expect(a.evidence.filter((e) => e.claim === `profile:${p}`), `${a.name} ${p}`).not.toEqual([]);
    }
  });
});
