/**
 * crates.io's database dump layout: every table its dump publishes and, for each, the public
 * columns in the order `dump-db.toml` lists them (rust-lang/crates.io @ 57fa0006; the file is in
 * the shared data set, and tests/dependents/export.test.ts checks this copy against it).
 */
export const DUMP_LAYOUT = {
  categories: ['id', 'category', 'slug', 'description', 'crates_cnt', 'created_at', 'path'],
  crate_downloads: ['crate_id', 'downloads'],
  crate_owners: ['crate_id', 'owner_id', 'created_at', 'created_by', 'owner_kind'],
  crates: ['id', 'name', 'updated_at', 'created_at', 'description', 'homepage', 'documentation', 'readme', 'repository', 'max_upload_size', 'max_features', 'trustpub_only'],
  crates_categories: ['crate_id', 'category_id'],
  crates_keywords: ['crate_id', 'keyword_id'],
  default_versions: ['crate_id', 'version_id', 'num_versions'],
  deleted_crates: ['id', 'name', 'created_at', 'deleted_at', 'deleted_by', 'message', 'available_at'],
  dependencies: ['id', 'version_id', 'crate_id', 'req', 'optional', 'default_features', 'features', 'target', 'kind', 'explicit_name'],
  keywords: ['id', 'keyword', 'crates_cnt', 'created_at'],
  metadata: ['total_downloads'],
  oauth_github: ['user_id', 'account_id', 'login', 'avatar'],
  reserved_crate_names: ['name'],
  reserved_usernames: ['username'],
  teams: ['id', 'login', 'github_id', 'name', 'avatar', 'org_id'],
  users: ['id', 'gh_login', 'name', 'gh_id', 'username', 'created_at'],
  version_downloads: ['version_id', 'downloads', 'date'],
  versions: [
    'id', 'crate_id', 'num', 'num_no_build', 'updated_at', 'created_at', 'downloads', 'features', 'yanked', 'license', 'crate_size',
    'published_by', 'tar_sha256', 'links', 'rust_version', 'has_lib', 'bin_names', 'edition', 'description', 'homepage', 'documentation',
    'repository', 'categories', 'keywords', 'zip_sha256', 'zip_json_sha256',
  ],
} as const;

/**
 * Ferrite's own tables, beside the dump's in `data/`: what crates.io does not have. Package
 * columns hold names (the human keys), so the files read on their own.
 */
export const FERRITE_LAYOUT = {
  ferrite_compat_claims: ['ecosystem', 'package', 'version', 'subject', 'status', 'source_kind', 'source', 'evidence', 'created_at'],
  ferrite_bindings: ['npm_package', 'crate', 'kind', 'triples', 'source_kind', 'evidence', 'updated_at'],
  ferrite_declared_metadata: ['ecosystem', 'package', 'revision', 'published_by', 'format', 'manifest', 'created_at'],
  ferrite_npm_packages: ['name', 'description', 'license', 'repository', 'homepage', 'default_version', 'version_count', 'downloads'],
  ferrite_dependents: ['crate', 'direct', 'transitive', 'computed_at'],
} as const;

export type ExportTable = keyof typeof DUMP_LAYOUT | keyof typeof FERRITE_LAYOUT;
export const EXPORT_COLUMNS: Record<ExportTable, readonly string[]> = { ...DUMP_LAYOUT, ...FERRITE_LAYOUT };

/** What each Ferrite file holds, for the archive's README.md and metadata.json. */
export const FERRITE_TABLE_NOTES: Record<keyof typeof FERRITE_LAYOUT, string> = {
  ferrite_compat_claims: 'every compatibility claim of every version (profile, target, no_std, accelerator, MSRV) with its source kind (inferred, declared, verified), producer and evidence as JSON',
  ferrite_bindings: 'npm packages that wrap a Rust crate: binding kind, prebuilt target triples (JSON), evidence (JSON)',
  ferrite_declared_metadata: 'every metadata manifest a maintainer published on Ferrite (JSON), by revision',
  ferrite_npm_packages: 'the npm packages Ferrite indexes',
  ferrite_dependents: 'reverse-dependency counts per crate: direct, and through the whole closure',
};
