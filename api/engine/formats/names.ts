/**
 * crates.io treats names that differ only in case or `-`/`_` as the same crate
 * (`Serde_JSON` is `serde_json`); npm names are case-sensitive but published lower-case.
 */
export function nameKey(ecosystem: 'crates' | 'npm', name: string): string {
  return ecosystem === 'crates' ? name.toLowerCase().replace(/-/g, '_') : name;
}

/**
 * A crate name as crates.io allows it (`crates_io_validation::validate_crate_name`): ASCII
 * alphanumerics, `-`, `_`, starting with a letter, at most 64. Every one of the 192,411 names in
 * the crates.io index (2025-08-09) follows it, so no legacy name is refused.
 */
export const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
export const CRATE_NAME_RULE = 'not a crate name (ASCII letters, digits, `-` and `_`, starting with a letter, at most 64)';
/** A dependency's name in a manifest (it may be a rename): as a crate name, but it may start with `_`. */
const DEPENDENCY = '[A-Za-z_][A-Za-z0-9_-]{0,63}';
export const DEPENDENCY_NAME = new RegExp(`^${DEPENDENCY}$`);
/**
 * A feature name as crates.io checks it (`validate_feature_name`): a Unicode XID start character,
 * `_` or a digit, then XID characters, `+`, `-` or `.`. These rules and FEATURE_VALUE's pass every
 * one of the 318,933 index lines in ../shared/data, a random tenth of the whole index among them.
 */
const FEATURE = String.raw`[\p{XID_Start}_0-9][\p{XID_Continue}+.-]*`;
export const FEATURE_NAME = new RegExp(`^${FEATURE}$`, 'u');
/**
 * What a feature may enable (`validate_feature`): a feature, `dep:name`, `name/feature` or
 * `name?/feature`. Crates published before that check may reach a dependency's dependency
 * (`piston-gfx_texture/image/gif`), so further `/feature` steps are allowed.
 */
export const FEATURE_VALUE = new RegExp(`^(?:${FEATURE}|dep:${DEPENDENCY}|${DEPENDENCY}\\??/${FEATURE}(?:/${FEATURE})*)$`, 'u');
/** An npm name, optionally scoped: `@scope/name`, lower-case URL-safe characters, at most 214. */
export const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;

/** Why a name is not a crate name, or null when it is one. */
export function crateNameProblem(name: string): string | null {
  return CRATE_NAME.test(name) ? null : CRATE_NAME_RULE;
}

/** Names npm has always refused, whatever their case. */
const NPM_RESERVED = ['node_modules', 'favicon.ico'];
/** Bare or `@scope/name`: the two parts are checked on their own. */
const NPM_SCOPED = /^(?:@([^/]+?)\/)?([^/]+?)$/;

/**
 * Why npm would refuse a name, or null: the rules of `validate-npm-package-name` that hold for
 * every package ever published ("validForOldPackages"). Capitals, `~'!()*`, more than 214
 * characters and core module names are refused only for new packages, so old ones still index.
 */
export function npmNameProblem(name: string): string | null {
  if (name.length === 0) return 'name length must be greater than zero';
  if (name.startsWith('.')) return 'name cannot start with a period';
  if (name.startsWith('_')) return 'name cannot start with an underscore';
  if (name.trim() !== name) return 'name cannot contain leading or trailing spaces';
  if (NPM_RESERVED.includes(name.toLowerCase())) return `${name.toLowerCase()} is a reserved name`;
  if (encodeURIComponent(name) === name) return null;
  const m = NPM_SCOPED.exec(name);
  if (m?.[2]?.startsWith('.')) return 'name cannot start with a period';
  const urlSafe = (s: string) => encodeURIComponent(s) === s;
  if (m && m[1] !== undefined && urlSafe(m[1]) && urlSafe(m[2]!)) return null;
  return 'name can only contain URL-friendly characters';
}

/** Why a name is not a name of its ecosystem, or null. */
export function packageNameProblem(ecosystem: 'crates' | 'npm', name: string): string | null {
  return ecosystem === 'crates' ? crateNameProblem(name) : npmNameProblem(name);
}
