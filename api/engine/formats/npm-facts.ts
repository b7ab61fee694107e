/** What Ferrite keeps of one npm version's manifest: the facts the engine reasons over. */
export type NpmVersionFacts = {
  /** npm's deprecation message; npm has no yank. */
  deprecated?: string;
  os?: string[];
  cpu?: string[];
  libc?: string[];
  engines?: Record<string, string>;
  napi?: unknown;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
  optionalDependencies?: Record<string, string>;
  /** Build and install scripts: `napi build`, `wasm-pack build`, `node-gyp rebuild` say how the package is made. */
  scripts?: Record<string, string>;
  gypfile?: boolean;
  /** `binary.napi_versions`: node-pre-gyp / prebuild addons (C and C++), not napi-rs. */
  napiVersions?: number[];
  main?: string;
  module?: string;
  bin?: string | Record<string, string>;
  files?: string[];
  repository?: unknown;
  /** Names only (never e-mail addresses): the package.json author, npm maintainers, the publishing npm user. */
  author?: string;
  maintainers?: string[];
  publisher?: string;
  dist?: { shasum?: string; integrity?: string; tarball?: string; fileCount?: number; unpackedSize?: number };
  /**
   * The file names inside the published tarball (without npm's leading `package/`), read once by
   * `ferrite index npm` and verified against `integrity`: the real files, where `files` above is only
   * the author's include patterns.
   */
  publishedFiles?: PublishedFiles;
};

export type PublishedFiles = { files: string[]; fetchedAt: string; integrity: string };