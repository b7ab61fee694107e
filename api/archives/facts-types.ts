/**
 * The shape of what Ferrite reads from a published `.crate` archive. Kept free of imports so the
 * schema, services and the compatibility engine can all name it.
 */

/** Fields of the archive's own (normalised) Cargo.toml, as written; absent stays absent. */
export type ArchiveManifest = {
  name: string;
  version: string;
  description?: string;
  license?: string;
  licenseFile?: string;
  repository?: string;
  homepage?: string;
  documentation?: string;
  keywords?: string[];
  categories?: string[];
  /** `readme` as written: a path inside the package, or false when the manifest says there is none. */
  readme?: string | false;
  rustVersion?: string;
  edition?: string;
  /** `[badges] maintenance.status` (e.g. `actively-developed`, `passively-maintained`, `deprecated`). */
  maintenance?: string;
  /** `[package.metadata.docs.rs]`: the targets docs.rs builds. */
  docsRs?: { defaultTarget?: string; targets?: string[] };
  /** `[lib] path`, when it is not `src/lib.rs`. */
  libPath?: string;
};

/**
 * Whether the library is `no_std`, from its crate-level attributes:
 * - `always`: `#![no_std]` (or a cfg_attr that only tests or docs switch off);
 * - `without-std-feature`: `#![cfg_attr(not(feature = "std"), no_std)]` and similar, `feature` names it;
 * - `conditional`: a cfg_attr on something else (a target, a `no_std` feature…), `predicate` says which;
 * - `no`: no such attribute in the library root (it links std);
 * - `unknown`: the archive has no library root to read (a binary-only crate, or it was too large).
 */
export type NoStdEvidence = {
  kind: 'always' | 'without-std-feature' | 'conditional' | 'no' | 'unknown';
  feature?: string;
  predicate?: string;
  /** The attribute verbatim, e.g. `#![cfg_attr(not(feature = "std"), no_std)]`. */
  attribute?: string;
  /** The archive path it was read from, e.g. `src/lib.rs`. */
  file?: string;
};
