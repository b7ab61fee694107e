import type { NpmVersionFacts } from '../formats/npm-facts.js';
import { napiPlatformOfPackage, napiPlatformTriple, rustTripleOf } from './napi-platforms.js';
import type { Status } from './infer-crate.js';
import { type Claim, type Evidence, Votes } from './votes.js';

export type BindingKind = 'napi-rs' | 'wasm-bindgen' | 'neon';
export type Binding = { kind: BindingKind; triples: string[]; crate: string | null };

export type NpmVerdict = {
  name: string;
  num: string;
  rust: 'yes' | 'no' | 'unknown';
  binding: Binding | null;
  profiles: { cloud: Status; wasm: Status; embedded: Status };
  /** A crate name the metadata suggests, to be confirmed against the catalog (see linkCrate). */
  crateCandidate: { name: string; evidence: Evidence } | null;
  claims: Claim[];
};

/** What a per-platform package inherits from the binding that lists it among its optionalDependencies. */
export type ParentBinding = { name: string; kind: BindingKind; crate: string | null };

/** napi-rs v2's `triples.defaults: true` stands for these three (napi-rs's DEFAULT_TARGETS). */
const NAPI_V2_DEFAULTS = ['x86_64-apple-darwin', 'x86_64-pc-windows-msvc', 'x86_64-unknown-linux-gnu'];

/** napi-rs's fat macOS binary is two rustc targets. */
const expandTriple = (t: string) => (t === 'universal-apple-darwin' ? ['x86_64-apple-darwin', 'aarch64-apple-darwin'] : [rustTripleOf(t)]);

/** node-gyp and prebuild tooling: a package built with these is a C or C++ addon. */
// Loaders such as node-gyp-build and bindings also load Rust addons (libsignal uses them), so only headers count.
const C_ADDON_DEPS = ['node-addon-api', 'nan'];
const NEON_DEPS = ['@neon-rs/load', '@neon-rs/cli', 'neon-cli', 'cargo-cp-artifact'];

type Facts = NpmVersionFacts & { name: string; version: string };

/** Evidence read from the real file list of the published tarball (`publishedFiles`), not the author's `files` patterns. */
const TARBALL = 'tarball';
/** What a pure-JavaScript package ships: code, types, source maps, JSON, and text (readme, licence, changelog). */
const JS_OR_TEXT_FILE = /\.(?:[cm]?js|[cm]?ts|json|map|md|markdown|txt)$/i;
const JS_CODE_FILE = /\.(?:[cm]?js|[cm]?ts)$/i;
const TEXT_FILE = /(?:^|\/)(?:licen[cs]e|copying|notice|authors|contributors|readme|changelog|changes|history)(?:[.-][^/]*)?$/i;
/** Optional dependencies named for a platform (`@esbuild/linux-x64`, `@img/sharp-darwin-arm64`) load native code from elsewhere. */
const PLATFORM_WORD = /(?:^|[-/_.@])(?:linux|darwin|macos|win32|windows|freebsd|openbsd|netbsd|sunos|android|aix|wasm32|wasi)(?:[-_.]|$)/i;
/** Install hooks can build or download native code that the tarball does not contain. */
const INSTALL_SCRIPTS = ['preinstall', 'install', 'postinstall'];

/**
 * Decides whether one npm package version is a Rust binding, of which kind, and for which Rust
 * targets. Per-platform optional dependencies alone prove nothing (esbuild's are Go, sharp's C++),
 * nor does `binary.napi_versions` (node-gyp addons): each kind needs its own tool's fingerprint.
 */
export function inferNpm(f: Facts, parent?: ParentBinding): NpmVerdict {
  const votes = new Votes();
  const rust = votes.subject('rust');
  const kinds = new Map<BindingKind, Evidence[]>();
  const triples = new Set<string>();
  let candidate: NpmVerdict['crateCandidate'] = null;
  const kind = (k: BindingKind, e: Evidence) => {
    kinds.set(k, [...(kinds.get(k) ?? []), e]);
    rust.add('yes', e);
  };
  const files = [f.main, f.module, ...(f.files ?? [])].filter((x): x is string => typeof x === 'string').map((x) => x.replace(/^\.\//, ''));
  // Bundled dependencies' files say nothing about how the package itself was built.
  const published = f.publishedFiles?.files.filter((x) => !/(^|\/)node_modules\//.test(x)) ?? null;
  // The real files first, so that their evidence is listed before the author's patterns.
  const fileLists: [string, string[], string][] = [...(published ? [[TARBALL, published, ' in the published tarball'] as [string, string[], string]] : []), ['files', files, '']];
  const deps = { ...f.dependencies, ...f.devDependencies };
  const scripts = Object.entries(f.scripts ?? {});

  // napi-rs: its config block, its CLI, its per-platform binary naming.
  const napi = f.napi;
  if (napi !== undefined) {
    const cfg = (typeof napi === 'object' && napi !== null ? napi : {}) as { targets?: unknown; triples?: { defaults?: boolean; additional?: unknown }; binaryName?: unknown; name?: unknown };
    if (Array.isArray(cfg.targets)) {
      cfg.targets.filter((t): t is string => typeof t === 'string').flatMap(expandTriple).forEach((t) => triples.add(t));
      kind('napi-rs', { source: 'napi.targets', detail: `napi-rs config lists ${cfg.targets.length} targets` });
    } else if (cfg.triples) {
      const extra = Array.isArray(cfg.triples.additional) ? cfg.triples.additional.filter((t): t is string => typeof t === 'string') : [];
      const all = [...(cfg.triples.defaults === false ? [] : NAPI_V2_DEFAULTS), ...extra];
      all.flatMap(expandTriple).forEach((t) => triples.add(t));
      kind('napi-rs', { source: 'napi.triples', detail: `napi-rs v2 config: ${cfg.triples.defaults === false ? '' : 'default triples plus '}${extra.length} additional` });
    } else kind('napi-rs', { source: 'napi', detail: `napi-rs config ${JSON.stringify(napi).slice(0, 80)}` });
    const bin = typeof cfg.binaryName === 'string' ? cfg.binaryName : typeof cfg.name === 'string' ? cfg.name : typeof napi === 'string' ? napi : null;
    if (bin && !bin.startsWith('@')) candidate = { name: bin, evidence: { source: 'napi', detail: `napi binary name ${bin}` } };
  }
  if (deps['@napi-rs/cli']) kind('napi-rs', { source: 'devDependencies.@napi-rs/cli', detail: 'built with the napi-rs CLI' });
  for (const [k, s] of scripts) if (/\bnapi (build|prepublish)\b/.test(s)) kind('napi-rs', { source: `scripts.${k}`, detail: s.slice(0, 80) });
  for (const [source, list, where] of fileLists) for (const file of list) {
    const m = /^([^/]+)\.([a-z0-9-]+)\.node$/.exec(file);
    const t = m ? napiPlatformTriple(m[2]!) : undefined;
    if (m && t) {
      triples.add(t);
      kind('napi-rs', { source, detail: `${file}${where}: a napi-rs binary for ${m[2]}` });
    }
    const w = /^([^/]+)\.wasm32-wasi\.wasm$/.exec(file);
    if (w) {
      triples.add('wasm32-wasip1-threads');
      kind('napi-rs', { source, detail: `${file}${where}: a napi-rs WASI build` });
    }
  }
  if (f.dependencies?.['napi-wasm'] && [...files, ...(published ?? [])].some((x) => x.endsWith('.wasm'))) {
    triples.add('wasm32-unknown-unknown');
    kind('napi-rs', { source: 'dependencies.napi-wasm', detail: 'napi-rs module compiled to WebAssembly, loaded by napi-wasm' });
  }

  // Per-platform packages named after napi-rs platforms: evidence only next to napi-rs or neon evidence.
  const platformDeps = Object.keys(f.optionalDependencies ?? {})
    .map((dep) => ({ dep, platform: napiPlatformOfPackage(dep) }))
    .filter((x) => x.platform);

  // wasm-bindgen: wasm-pack writes <crate>_bg.wasm next to its JavaScript glue.
  for (const [source, list, where] of fileLists) for (const file of list) {
    const m = /(?:^|\/)([A-Za-z0-9_]+)_bg\.wasm$/.exec(file);
    if (!m) continue;
    triples.add('wasm32-unknown-unknown');
    kind('wasm-bindgen', { source, detail: `${file}${where}: wasm-bindgen output` });
    candidate ??= { name: m[1]!, evidence: { source, detail: `wasm-pack names ${file} after the crate's library` } };
  }
  for (const [k, s] of scripts) if (/\bwasm-pack build\b/.test(s)) kind('wasm-bindgen', { source: `scripts.${k}`, detail: s.slice(0, 80) });

  // neon.
  for (const d of NEON_DEPS) if (deps[d]) kind('neon', { source: `dependencies.${d}`, detail: `built with ${d}` });
  for (const [k, s] of scripts) if (/\b(neon build|cargo-cp-artifact)\b/.test(s)) kind('neon', { source: `scripts.${k}`, detail: s.slice(0, 80) });

  for (const [k, s] of scripts) if (/\bcargo (build|rustc)\b/.test(s)) rust.add('yes', { source: `scripts.${k}`, detail: s.slice(0, 80) });

  if (kinds.size) for (const { dep, platform } of platformDeps) {
    const t = napiPlatformTriple(platform!);
    if (t) triples.add(t);
    rust.support('yes', { source: `optionalDependencies.${dep}`, detail: `prebuilt package for ${platform}` });
  }

  // A platform package of a known binding carries its parent's kind.
  const ownPlatform = napiPlatformOfPackage(f.name);
  if (!kinds.size && parent && ownPlatform) {
    const t = napiPlatformTriple(ownPlatform);
    if (t) triples.add(t);
    kind(parent.kind, { source: 'parent', detail: `the ${ownPlatform} build of ${parent.name}, a ${parent.kind} binding` });
  }

  // Any other addon (neon's `index.node`) is the Rust build once napi-rs or neon evidence says how it was made.
  const native = kinds.has('napi-rs') ? 'napi-rs' : kinds.has('neon') ? 'neon' : null;
  if (native) for (const file of published ?? []) {
    const platform = /^[^/]+\.([a-z0-9-]+)\.node$/.exec(file)?.[1];
    if (file.endsWith('.node') && !(platform && napiPlatformTriple(platform) !== undefined)) rust.add('yes', { source: TARBALL, detail: `${file} in the published tarball: a native addon of this ${native} binding` });
  }

  // Evidence of another language.
  if (f.gypfile) rust.add('no', { source: 'gypfile', detail: 'gypfile: true — a node-gyp (C/C++) addon' });
  if (files.some((x) => /(^|\/)binding\.gyp$/.test(x))) rust.add('no', { source: 'files', detail: 'ships binding.gyp — a node-gyp (C/C++) addon' });
  for (const file of published ?? []) {
    if (/(^|\/)binding\.gyp$/.test(file)) rust.add('no', { source: TARBALL, detail: `${file} in the published tarball — a node-gyp (C/C++) addon` });
    else if (/(^|\/)build\/Release\/[^/]+\.node$/.test(file)) rust.add('no', { source: TARBALL, detail: `${file} in the published tarball — node-gyp's build output (C/C++)` });
  }
  if (f.napiVersions) rust.add('no', { source: 'binary.napi_versions', detail: `binary.napi_versions ${JSON.stringify(f.napiVersions)} — a node-pre-gyp/prebuild (C/C++) addon` });
  for (const d of C_ADDON_DEPS) if (f.dependencies?.[d]) rust.add('no', { source: `dependencies.${d}`, detail: `uses ${d}, C/C++ addon tooling` });
  for (const [k, s] of scripts) if (/\b(node-gyp|prebuildify|cmake-js)\b/.test(s)) rust.add('no', { source: `scripts.${k}`, detail: s.slice(0, 80) });

  if (published && !kinds.size && rust.decide(['yes', 'no']) === 'unknown') {
    const js = pureJavaScript(f, published);
    if (js) rust.add('no', js);
  }

  const status = rust.decide(['yes', 'no']) as NpmVerdict['rust'];
  let binding: Binding | null = null;
  if (kinds.size) {
    // The most specific fingerprint wins: a WASI or wasm build of a napi-rs package stays napi-rs.
    const k = (['napi-rs', 'neon', 'wasm-bindgen'] as const).find((x) => kinds.has(x))!;
    binding = { kind: k, triples: [...triples].sort(), crate: parent?.crate ?? null };
    votes.subject('binding').add(k, kinds.get(k)![0]!);
  }

  // Where the prebuilt binaries run.
  const has = (pred: (t: string) => boolean) => [...triples].filter(pred);
  const cloud = has((t) => /^(x86_64|aarch64)-unknown-linux-(gnu|musl)$/.test(t));
  const browser = has((t) => t === 'wasm32-unknown-unknown');
  const profiles: NpmVerdict['profiles'] = { cloud: 'unknown', wasm: 'unknown', embedded: 'unknown' };
  if (binding) {
    if (cloud.length) {
      profiles.cloud = 'yes';
      votes.subject('profile:cloud').add('yes', { source: 'binding', detail: `prebuilt for ${cloud.join(', ')}` });
    } else if (triples.size && !has((t) => t.startsWith('wasm32')).length) {
      profiles.cloud = 'no';
      votes.subject('profile:cloud').add('no', { source: 'binding', detail: `no Linux server build among ${[...triples].join(', ')}` });
    }
    if (browser.length) {
      profiles.wasm = 'yes';
      votes.subject('profile:wasm').add('yes', { source: 'binding', detail: 'built for wasm32-unknown-unknown' });
    } else if (triples.has('wasm32-wasip1-threads')) {
      profiles.wasm = 'partial';
      votes.subject('profile:wasm').add('partial', { source: 'binding', detail: 'a WASI build (wasm32-wasip1-threads) that runs in browsers through @napi-rs/wasm-runtime, with threads' });
    } else if (triples.size) {
      profiles.wasm = 'no';
      votes.subject('profile:wasm').add('no', { source: 'binding', detail: 'native Node.js addon with no WebAssembly build' });
    }
  }
  return { name: f.name, num: f.version, rust: status, binding, profiles, crateCandidate: binding ? candidate : null, claims: votes.claims(6) };
}

/**
 * "Not a binding", said only on strong evidence: every published file is JavaScript, types,
 * JSON, a source map or text, at least one is code, and nothing points to native code kept
 * elsewhere — no napi config, no per-platform optional dependencies, no install hook. A file of
 * any other kind (esbuild's Go `bin/esbuild`, an emscripten `.wasm`) leaves the answer unknown.
 */
function pureJavaScript(f: Facts, published: string[]): Evidence | null {
  if (!published.length || f.napi !== undefined) return null;
  if (!published.every((x) => JS_OR_TEXT_FILE.test(x) || TEXT_FILE.test(x)) || !published.some((x) => JS_CODE_FILE.test(x))) return null;
  if (Object.keys(f.optionalDependencies ?? {}).some((d) => napiPlatformOfPackage(d) || PLATFORM_WORD.test(d))) return null;
  if (INSTALL_SCRIPTS.some((s) => Object.hasOwn(f.scripts ?? {}, s))) return null;
  const n = published.length;
  return { source: TARBALL, detail: `the published files are JavaScript only (${n} file${n === 1 ? '' : 's'})` };
}

/** The platform packages a binding lists, so their own analysis can name their parent. */
export function platformChildren(f: Facts, v: NpmVerdict): [string, ParentBinding][] {
  if (!v.binding) return [];
  return Object.keys(f.optionalDependencies ?? {})
    .filter((dep) => napiPlatformOfPackage(dep))
    .map((dep) => [dep, { name: f.name, kind: v.binding!.kind, crate: v.binding!.crate }]);
}
