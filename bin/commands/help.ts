/** What `ferrite help` prints: every command and setting, in one screen an operator can read. */
export const HELP = `ferrite — the Rust + AI registry hub

Usage: ferrite <command> [options]

Commands:
  serve      Start the hub (migrates the database first)
  migrate    Apply database migrations and exit
  index crates <dir|file|.tar.gz|sparse-url>…
             Load crates.io index records: an index directory, a .tar.gz of one, single
             index files, or a sparse index URL (with --crates a,b or --crates-file FILE).
             Re-runs skip unchanged files; an interrupted run resumes where it stopped.
             Then, as \`index archives\` does, each crate's archive (newest non-yanked
             version; --all-versions for all): cargo's cache first, then downloads.
             --no-archives skips this step.
  index npm <name|packument-file|dir>… [--no-tarballs]
             Load npm packages: packument files or \`npm view --json\` output, directories of
             them, or names fetched from the registry npm is configured with (NPM_REGISTRY_URL).
             Each latest version's published file list is read once from its tarball on that
             registry (checksum verified); --no-tarballs skips this network step.
  index dump <db-dump.tar.gz> [--add-crates]
             Add descriptions, keywords, categories, owners, publishers and downloads from a
             crates.io database dump to the crates already indexed; --add-crates also adds
             the crates it has that are not indexed (a Ferrite export becomes a hub again).
  index manifests <dir|Cargo.toml|.crate>…
             Read Cargo.toml files (directories are searched) and published .crate archives:
             docs.rs targets, target-specific dependencies, #![no_std], for indexed crates.
  index categories <categories.toml>
             Load crates.io's category tree (its src/boot/categories.toml) for category pages.
  index synonyms <tag-synonyms.csv> <categories.toml>
             Load search synonyms: lib.rs's keyword synonyms and crates.io's category names.
  index archives [--all-versions] [--from-cargo-cache] [--crates a,b] [--concurrency N]
             Store .crate archives of indexed crates (newest non-yanked version, or all):
             those in cargo's cache ($CARGO_HOME/registry/cache) first, then downloads from
             the upstream index's dl (FERRITE_UPSTREAM_INDEX, else the one cargo uses),
             verified against the index cksum; README, Cargo.toml and #![no_std] from each.
  index advisories <advisory-db dir|.tar.gz>…
             Load RustSec advisories (crates/<crate>/RUSTSEC-….md); bad files are reported and
             skipped, unchanged ones are not rewritten.
  export [--out FILE.tar.gz]
             Write the whole catalog in crates.io's database-dump layout (CSV in a .tar.gz with
             metadata.json), plus Ferrite's compatibility claims, bindings and declared metadata.
  worker     Drain the search outbox into the search engine (instead of, or beside, serve)
  reindex    Rebuild the whole search index from the catalog and swap it in
  owners add <crates|npm>/<name> <username>
             Make an account an owner of a package (operators; owners normally come from a
             verified GitHub identity listed on crates.io, or from an owner's invitation).
  council create <slug> <name> | council add-member <slug> <username> [--chair] [--until DATE]
  council eligibility <slug> --min-weight N [--days D] [--category SLUG] | --off
             Set up councils, their appointed members, and who else may vote by contributions.
  verify <log.json|url>
             Recompute a proposal's hash chain and tally from its public log alone
             (GET /api/v1/proposals/ID/log) and say whether they match the published result.
  contributors import
             Credit people: identities and contributions from crates.io owners and publishers,
             npm maintainers, publishers and authors, and Ferrite activity; merge suggestions.
             (Every index run does this too.)
  tally <ballots.json> [--json]
             Count a plain ballots file (majority, supermajority, approval, irv, schulze) with
             the server's own code, no database; format in the README.
  analyze <dir|file|.tar.gz|packument.json>… [--json]
             Answer "where does it run?" for every crate and npm package in index files,
             index directories or archives and packument files, with no database. --json
             prints one object per package (shape in the README).
  help       Show this help

Environment:
  DATABASE_URL      PostgreSQL server URL; unset → embedded PGlite in $FERRITE_DATA_DIR/db
  FERRITE_DATA_DIR  Data folder for the embedded database (default .ferrite)
  MEILI_HOST        Meilisearch URL; unset → embedded PostgreSQL full-text search
  MEILI_API_KEY     Meilisearch API key
  PORT, HOST        Where to listen (default 3000 on 127.0.0.1)
  LOG_LEVEL         fatal | error | warn | info | debug | trace | silent (default info)
`;

/** `ferrite help`. */
export async function helpCommand(): Promise<number> {
  process.stdout.write(HELP);
  return 0;
}
