/**
 * The crates.io database dump tables Ferrite reads, and the public columns it takes from each
 * (see crates.io's dump-db.toml). Staging tables mirror these, all as text, cast on apply.
 */
export const DUMP_TABLES = {
  crates: ['id', 'name', 'description', 'homepage', 'documentation', 'repository', 'created_at', 'updated_at'],
  versions: ['id', 'crate_id', 'num', 'license', 'published_by', 'downloads', 'created_at', 'features', 'yanked', 'tar_sha256', 'links', 'rust_version'],
  // Read only to add crates the hub has not indexed (`index dump --add-crates`).
  dependencies: ['id', 'version_id', 'crate_id', 'req', 'optional', 'default_features', 'features', 'target', 'kind', 'explicit_name'],
  categories: ['id', 'category', 'slug', 'description', 'path'],
  crates_categories: ['crate_id', 'category_id'],
  keywords: ['id', 'keyword'],
  crates_keywords: ['crate_id', 'keyword_id'],
  crate_owners: ['crate_id', 'owner_id', 'owner_kind'],
  users: ['id', 'gh_login', 'name'],
  teams: ['id', 'login', 'name'],
  crate_downloads: ['crate_id', 'downloads'],
  version_downloads: ['version_id', 'downloads', 'date'],
} as const;

export type DumpTable = keyof typeof DUMP_TABLES;

export function isDumpTable(name: string): name is DumpTable {
  return Object.hasOwn(DUMP_TABLES, name);
}
