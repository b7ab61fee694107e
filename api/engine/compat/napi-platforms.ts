import { nameTable } from './knowledge.js';

/**
 * napi-rs names its per-platform packages `<name>-<platform>-<arch>[-<abi>]` (`linux-x64-gnu`,
 * `win32-arm64-msvc`, `android-arm-eabi`, `wasm32-wasi`). These are the Rust target triples
 * those names stand for, after napi-rs's own table; null for names that are no single triple
 * (`darwin-universal`).
 */
const PLATFORMS: Record<string, string | null> = {
  'darwin-x64': 'x86_64-apple-darwin',
  'darwin-arm64': 'aarch64-apple-darwin',
  'darwin-universal': null,
  'linux-x64-gnu': 'x86_64-unknown-linux-gnu',
  'linux-x64-musl': 'x86_64-unknown-linux-musl',
  'linux-arm64-gnu': 'aarch64-unknown-linux-gnu',
  'linux-arm64-musl': 'aarch64-unknown-linux-musl',
  'linux-arm-gnueabihf': 'armv7-unknown-linux-gnueabihf',
  'linux-arm-musleabihf': 'armv7-unknown-linux-musleabihf',
  'linux-ia32-gnu': 'i686-unknown-linux-gnu',
  'linux-riscv64-gnu': 'riscv64gc-unknown-linux-gnu',
  'linux-riscv64-musl': 'riscv64gc-unknown-linux-musl',
  'linux-ppc64-gnu': 'powerpc64le-unknown-linux-gnu',
  'linux-s390x-gnu': 's390x-unknown-linux-gnu',
  'linux-loong64-gnu': 'loongarch64-unknown-linux-gnu',
  'linux-loong64-musl': 'loongarch64-unknown-linux-musl',
  'win32-x64-msvc': 'x86_64-pc-windows-msvc',
  'win32-x64-gnu': 'x86_64-pc-windows-gnu',
  'win32-ia32-msvc': 'i686-pc-windows-msvc',
  'win32-arm64-msvc': 'aarch64-pc-windows-msvc',
  'android-arm64': 'aarch64-linux-android',
  'android-arm-eabi': 'armv7-linux-androideabi',
  'freebsd-x64': 'x86_64-unknown-freebsd',
  'freebsd-arm64': 'aarch64-unknown-freebsd',
  'openharmony-arm64': 'aarch64-unknown-linux-ohos',
  'openharmony-x64': 'x86_64-unknown-linux-ohos',
  'openharmony-arm': 'armv7-unknown-linux-ohos',
  // napi-rs v3 builds WASI bindings for the threaded WASI preview 1 target.
  'wasm32-wasi': 'wasm32-wasip1-threads',
};

/** The triple a napi-rs platform name stands for; undefined when the name is not a napi-rs platform. */
export function napiPlatformTriple(platform: string): string | null | undefined {
  return Object.hasOwn(PLATFORMS, platform) ? PLATFORMS[platform] : undefined;
}

/**
 * The platform suffix of a per-platform package name (`@node-rs/argon2-linux-x64-gnu` →
 * `linux-x64-gnu`), trying the longest known suffix first.
 */
export function napiPlatformOfPackage(name: string): string | null {
  const known = Object.keys(PLATFORMS).sort((a, b) => b.length - a.length);
  return known.find((p) => name.endsWith(`-${p}`)) ?? null;
}

/**
 * napi-rs accepts a few spellings in `napi.targets` that are not rustc triples
 * (`@napi-rs/canvas` declares `riscv64-unknown-linux-gnu`); these are the triples rustc builds.
 */
const TRIPLE_ALIASES: Readonly<Record<string, string>> = nameTable({
  'riscv64-unknown-linux-gnu': 'riscv64gc-unknown-linux-gnu',
  'riscv64-unknown-linux-musl': 'riscv64gc-unknown-linux-musl',
  'wasm32-wasi-preview1-threads': 'wasm32-wasip1-threads',
});

export function rustTripleOf(napiTarget: string): string {
  return TRIPLE_ALIASES[napiTarget] ?? napiTarget;
}
