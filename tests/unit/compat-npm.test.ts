import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../api/engine/compat/analyze.js';
import { inferNpm, type NpmVerdict, platformChildren } from '../../api/engine/compat/infer-npm.js';
import { analyzePaths } from '../../indexer/commands/analyze.js';
import { readPackument } from '../../indexer/npm/packument.js';
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

/**
 * The real file lists of published tarballs (`npm pack <name>@<version> --dry-run --json`, see
 * tests/fixtures/SOURCE.md), set on the same version's real manifest as `publishedFiles`.
 */
describe('npm binding detection from the published files', () => {
  type Listing = { name: string; version: string; integrity: string; files: string[] };
  const FILES = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'npm-files');
  const listings: Listing[] = JSON.parse(fs.readFileSync(path.join(FILES, 'published-files.json'), 'utf8'));
  const fileName = (name: string) => `${name.replace('/', '__')}.json`;
  const manifestDirs = [PACKUMENTS, path.join(PACKUMENTS, '..', 'view'), LOOK_ALIKES, FILES];

  /** The listed version's facts (else `latest`'s) from its real packument or `npm view` output, with the real file list. */
  function facts(name: string, withFiles = true) {
    const l = listings.find((x) => x.name === name);
    const file = manifestDirs.map((d) => path.join(d, fileName(name))).find((f) => fs.existsSync(f));
    if (!file) throw new Error(`no manifest for ${name}`);
    const read = readPackument(JSON.parse(fs.readFileSync(file, 'utf8')));
    if (!read.ok) throw new Error(read.reason);
    const num = l?.version ?? read.record.latest;
    const v = read.record.versions.find((x) => x.num === num);
    if (!v) throw new Error(`${name}@${num} not in ${file}`);
    const publishedFiles = withFiles && l ? { files: l.files, fetchedAt: '2026-12-01T00:00:00.000Z', integrity: l.integrity } : undefined;
    return { ...v.facts, publishedFiles, name, version: v.num };
  }
  const rustEvidence = (v: NpmVerdict) => v.claims.find((c) => c.subject === 'rust')?.evidence ?? [];

  it('napi-rs: the platform .node file in the tarball is evidence of the binding and its triple', () => {
    const v = inferNpm(facts('@node-rs/argon2-linux-x64-gnu'));
    expect(v).toMatchObject({ rust: 'yes', binding: { kind: 'napi-rs', triples: ['x86_64-unknown-linux-gnu'] } });
    expect(rustEvidence(v)).toContainEqual({ source: 'tarball', detail: 'argon2.linux-x64-gnu.node in the published tarball: a napi-rs binary for linux-x64-gnu' });
  });

  it('a napi-rs root package ships only JavaScript, yet its napi config keeps it a binding', () => {
    expect(facts('@node-rs/argon2').publishedFiles!.files.every((f) => /\.(js|ts|json|md)$|LICENSE/.test(f))).toBe(true);
    expect(inferNpm(facts('@node-rs/argon2'))).toMatchObject({ rust: 'yes', binding: { kind: 'napi-rs' } });
  });

  it('neon: a platform package\'s index.node is named as evidence next to its parent\'s neon evidence', () => {
    const parentFacts = facts('vectordb', false);
    const [, parent] = platformChildren(parentFacts, inferNpm(parentFacts)).find(([child]) => child === '@lancedb/vectordb-linux-x64-gnu')!;
    const v = inferNpm(facts('@lancedb/vectordb-linux-x64-gnu'), parent);
    expect(v).toMatchObject({ rust: 'yes', binding: { kind: 'neon' } });
    expect(rustEvidence(v).map((e) => e.detail)).toContain('index.node in the published tarball: a native addon of this neon binding');
    // Without the parent's evidence an index.node alone says nothing.
    expect(inferNpm(facts('@lancedb/vectordb-linux-x64-gnu')).rust).toBe('unknown');
  });

  it('wasm-bindgen: *_bg.wasm in the tarball, also below a folder (tiktoken/lite)', () => {
    const photon = inferNpm(facts('@silvia-odwyer/photon'));
    expect(photon).toMatchObject({ rust: 'yes', binding: { kind: 'wasm-bindgen', triples: ['wasm32-unknown-unknown'] } });
    expect(rustEvidence(photon)).toContainEqual({ source: 'tarball', detail: 'photon_rs_bg.wasm in the published tarball: wasm-bindgen output' });
    const tiktoken = inferNpm(facts('tiktoken'));
    expect(tiktoken).toMatchObject({ rust: 'yes', binding: { kind: 'wasm-bindgen' }, profiles: { wasm: 'yes' } });
    expect(rustEvidence(tiktoken).map((e) => e.detail)).toContain('lite/tiktoken_bg.wasm in the published tarball: wasm-bindgen output');
  });

  it('node-gyp: binding.gyp in the tarball makes bcrypt and usearch C/C++, with that evidence', () => {
    for (const name of ['bcrypt', 'usearch']) {
      const v = inferNpm(facts(name));
      expect(v.rust, name).toBe('no');
      expect(rustEvidence(v), name).toContainEqual({ source: 'tarball', detail: 'binding.gyp in the published tarball — a node-gyp (C/C++) addon' });
    }
  });

  it('a Go binary (esbuild\'s bin/esbuild) with no Rust evidence stays unknown, not yes and not "JavaScript"', () => {
    const v = inferNpm(facts('@esbuild/linux-x64'));
    expect(facts('@esbuild/linux-x64').publishedFiles!.files).toContain('bin/esbuild');
    expect(v).toMatchObject({ rust: 'unknown', binding: null });
  });

  it('pure JavaScript: "no", with the number of files as evidence, and no binding', () => {
    for (const name of ['@huggingface/tokenizers', 'js-tiktoken']) {
      const f = facts(name);
      const v = inferNpm(f);
      expect(v, name).toMatchObject({ rust: 'no', binding: null, profiles: { cloud: 'unknown', wasm: 'unknown', embedded: 'unknown' } });
      expect(rustEvidence(v), name).toEqual([{ source: 'tarball', detail: `the published files are JavaScript only (${f.publishedFiles!.files.length} files)` }]);
      // Without the file list the same package stays unknown: precision first.
      expect(inferNpm(facts(name, false)).rust, name).toBe('unknown');
    }
  });

  it('JavaScript files alone are not enough when native code comes from elsewhere', () => {
    const base = facts('@huggingface/tokenizers');
    expect(inferNpm({ ...base, optionalDependencies: { '@esbuild/linux-x64': '0.28.2' } }).rust).toBe('unknown');
    expect(inferNpm({ ...base, scripts: { postinstall: 'node install.js' } }).rust).toBe('unknown');
    expect(inferNpm({ ...base, napi: { binaryName: 'x' } }).rust).toBe('yes');
    expect(inferNpm({ ...base, publishedFiles: { ...base.publishedFiles!, files: ['package.json', 'README.md'] } }).rust).toBe('unknown');
  });
});
