/**
 * crates.io treats names that differ only in case or `-`/`_` as the same crate
 * (`Serde_JSON` is `serde_json`); npm names are case-sensitive but published lower-case.
 */
export function nameKey(ecosystem: 'crates' | 'npm', name: string): string {
  return ecosystem === 'crates' ? name.toLowerCase().replace(/-/g, '_') : name;
}

/** A crate name as crates.io allows it: ASCII alphanumerics, `-`, `_`, starting with a letter, at most 64. */
export const CRATE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
/** An npm name, optionally scoped: `@scope/name`, lower-case URL-safe characters, at most 214. */
export const NPM_NAME = /^(?:@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9][a-z0-9._~-]*$/;
