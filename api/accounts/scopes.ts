import picomatch from 'picomatch';

/** What a token may be used for; a token holds a subset, and never more than its owner may do. */
export const SCOPES = ['metadata:write', 'compat:report', 'owners:manage', 'governance:vote', 'profile:write'] as const;
export type Scope = (typeof SCOPES)[number];

export const SCOPE_HELP: Record<Scope, string> = {
  'metadata:write': 'publish declared metadata for packages you own',
  'compat:report': 'post CI compatibility reports (verified evidence)',
  'owners:manage': 'invite and remove owners of packages you own',
  'governance:vote': 'draft proposals and cast ballots in councils you sit on',
  'profile:write': 'change your contributor profile: hide or show it, affiliations, merge decisions',
};

/** Whether a package name falls under a token's glob (`tokio-*`, `@napi-rs/*`); no glob means every package. */
export function globAllows(glob: string | null, name: string): boolean {
  return glob === null || picomatch.isMatch(name, glob, { nocase: true });
}

/** A glob is a package name with `*` and `?` wildcards: nothing that could match paths or escape. */
export const GLOB_PATTERN = /^(@[a-z0-9*?._~-]+\/)?[A-Za-z0-9*?._~-]{1,214}$/;
