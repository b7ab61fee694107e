import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { ConfigError, describeDatabase, parseConfig } from '../api/config.js';
import { type Database, openDatabase } from '../api/db/client.js';
import { migrate } from '../api/db/migrate.js';
import { analyzePaths, formatAnalysisTable } from '../indexer/commands/analyze.js';
import { createProgress } from '../indexer/progress.js';
import { formatCompatSummary, runCompatPass } from '../indexer/sync/compat-claims.js';
import { formatDependentsSummary, refreshDependents } from '../api/dependents/refresh.js';
import { reindexAll, startSearchDrain } from '../indexer/sync/search-drain.js';
import { openSearchEngine } from '../api/search/open.js';
import { seedTargets } from '../api/targets/seed.js';
import { formatSummary, indexCrates } from '../indexer/commands/index-crates.js';
import { formatCategoriesSummary, indexCategories } from '../indexer/commands/index-categories.js';
import { formatSynonymsSummary, indexSynonyms } from '../indexer/commands/index-synonyms.js';
import { formatDumpSummary, indexDump } from '../indexer/commands/index-dump.js';
import { exportCatalog, formatExportSummary } from '../indexer/commands/export.js';
import { formatManifestSummary, indexManifests } from '../indexer/commands/index-manifests.js';
import { formatArchivesSummary, indexArchives } from '../indexer/commands/index-archives.js';
import { ArchiveStore } from '../api/archives/store.js';
import { cargoHome as resolveCargoHome, resolveUpstreamIndex } from '../api/archives/upstream.js';
import { formatNpmSummary, indexNpm } from '../indexer/commands/index-npm.js';
import { formatAdvisoriesSummary, indexAdvisories } from '../indexer/commands/index-advisories.js';
import { openCliDatabase } from '../indexer/commands/open.js';
import { serveCommand } from './commands/serve.js';
import { DatabaseConnectError } from '../api/db/connect-error.js';
import { DataDirLockedError } from '../api/db/data-dir-lock.js';
import { MigrationError } from '../api/db/migrate.js';
import { grantOwnership } from '../api/owners/service.js';
import { formatTally, formatVerification } from '../api/governance/format.js';
import type { LogEntry } from '../api/governance/log.js';
import { startProposalCloser } from '../api/governance/scheduler.js';
import { addMember, createCouncil, setEligibility } from '../api/governance/service.js';
import { verifyLog } from '../api/governance/verify.js';
import { verifyLogCommand } from '../indexer/commands/verify-log.js';
import { importContributions, type ImportResult } from '../api/contributors/import.js';
import { createLogger } from '../api/lib/logger.js';
import { safeError } from '../api/lib/safe-error.js';
import { tally, TallyInputError, type TallyInput } from '../api/governance/tally.js';
import { AppError } from '../api/lib/problems.js';

const HELP = `ferrite — the Rust + AI registry hub

Usage: ferrite <command> [options]

Commands:
  serve      Start the hub (migrates the database first)
  migrate    Apply database migrations and exit
  index crates <dir|file|.tar.gz|sparse-url>…
             Load crates.io index records: an index directory, a .tar.gz of one, single
             index files, or a sparse index URL (with --crates a,b or --crates-file FILE).
             Re-runs skip unchanged files; an interrupted run resumes where it stopped.
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

type Command = (args: string[]) => Promise<number>;
type IndexOptions = { crates?: string; 'crates-file'?: string; concurrency?: string; 'add-crates'?: boolean; 'no-tarballs'?: boolean };
type Indexer = (database: Database, inputs: string[], o: IndexOptions) => Promise<{ summary: string; failed: boolean }>;

const INDEX_USAGE = `  ferrite index crates <dir|file|.tar.gz|sparse-url>… [--crates a,b] [--crates-file FILE] [--concurrency N]
  ferrite index npm <name|packument-file|dir>… [--no-tarballs]
  ferrite index dump <db-dump.tar.gz> [--add-crates]
  ferrite index manifests <dir|Cargo.toml|.crate>…
  ferrite index categories <categories.toml>
  ferrite index synonyms <tag-synonyms.csv> <categories.toml>
  ferrite index advisories <advisory-db dir|.tar.gz>…
`;

const INDEXERS: Record<string, Indexer> = {
  async crates(database, inputs, o) {
    const crates = [...(o.crates?.split(',') ?? []), ...(o['crates-file'] ? fs.readFileSync(o['crates-file'], 'utf8').split(/\s+/) : [])]
      .map((c) => c.trim())
      .filter(Boolean);
    const result = await indexCrates(database, inputs, { crates, concurrency: o.concurrency ? Number(o.concurrency) : undefined });
    return { summary: formatSummary(result), failed: result.unreachable.length === inputs.length };
  },
  async npm(database, inputs, o) {
    return { summary: formatNpmSummary(await indexNpm(database, inputs, { tarballs: !o['no-tarballs'] })), failed: false };
  },
  async dump(database, inputs, o) {
    if (inputs.length !== 1) throw new UsageError('index dump takes one db-dump.tar.gz');
    return { summary: formatDumpSummary(await indexDump(database, inputs[0]!, { addCrates: o['add-crates'] })), failed: false };
  },
  async manifests(database, inputs) {
    return { summary: formatManifestSummary(await indexManifests(database, inputs)), failed: false };
  },
  async categories(database, inputs) {
    if (inputs.length !== 1) throw new UsageError('index categories takes one categories.toml');
    return { summary: formatCategoriesSummary(await indexCategories(database, inputs[0]!)), failed: false };
  },
  async synonyms(database, inputs) {
    if (inputs.length !== 2) throw new UsageError('index synonyms takes tag-synonyms.csv and categories.toml');
    return { summary: formatSynonymsSummary(await indexSynonyms(database, inputs[0]!, inputs[1]!)), failed: false };
  },
  async advisories(database, inputs) {
    const r = await indexAdvisories(database, inputs, { progress: createProgress() });
    return { summary: formatAdvisoriesSummary(r), failed: r.files === 0 };
  },
};

class UsageError extends Error {}

/** `index archives` takes no inputs: the crates are the catalog's, the sources cargo's cache and the upstream. */
async function indexArchivesCommand(o: IndexOptions & { 'all-versions'?: boolean; 'from-cargo-cache'?: boolean }): Promise<number> {
  const config = parseConfig(process.env);
  const database = await openCliDatabase();
  try {
    const result = await indexArchives(database, {
      store: new ArchiveStore(config.archives.dir),
      cargoHome: resolveCargoHome(config.archives.cargoHome),
      upstreamIndex: resolveUpstreamIndex(config.archives.upstreamSetting, config.archives.cargoHome),
      allVersions: o['all-versions'],
      fromCargoCache: o['from-cargo-cache'],
      crates: o.crates?.split(',').map((c) => c.trim()).filter(Boolean),
      concurrency: o.concurrency ? Number(o.concurrency) : undefined,
    });
    process.stdout.write(formatArchivesSummary(result) + '\n');
    // Archive facts fill descriptions and links: re-analyse and re-index what changed.
    process.stdout.write(formatCompatSummary(await runCompatPass(database, { progress: createProgress() })) + '\n');
    return 0;
  } finally {
    await database.close();
  }
}

const formatImport = (r: ImportResult) => `contributors: ${r.people} new people, ${r.contributions} new contributions, ${r.suggestions} new merge suggestions`;

/** An operator's change: prints what it did, or the refusal's reason with exit code 1. */
async function operatorCommand(run: (database: Database) => Promise<string>): Promise<number> {
  const database = await openCliDatabase();
  try {
    process.stdout.write(`${await run(database)}\n`);
    return 0;
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    process.stderr.write(`${err.detail ?? err.message}\n`);
    return 1;
  } finally {
    await database.close();
  }
}

const commands: Record<string, Command> = {
  serve: () => serveCommand(),
  async migrate() {
    const config = parseConfig(process.env);
    const database = await openDatabase(config.database, { max: 1 });
    try {
      await migrate(database);
      const targets = await seedTargets(database);
      process.stdout.write(`Migrated ${describeDatabase(config.database)}; ${targets} target rows updated\n`);
    } finally {
      await database.close();
    }
    return 0;
  },
  async index(args) {
    const { values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      options: { crates: { type: 'string' }, 'crates-file': { type: 'string' }, concurrency: { type: 'string' }, 'all-versions': { type: 'boolean' }, 'from-cargo-cache': { type: 'boolean' }, 'add-crates': { type: 'boolean' }, 'no-tarballs': { type: 'boolean' } },
    });
    const [what = '', ...inputs] = positionals;
    if (what === 'archives') return indexArchivesCommand(values);
    const run = INDEXERS[what];
    if (!run || inputs.length === 0) {
      process.stderr.write(`Usage:\n${INDEX_USAGE}`);
      return 2;
    }
    const database = await openCliDatabase();
    try {
      const { summary, failed } = await run(database, inputs, values);
      process.stdout.write(summary + '\n');
      // Whatever changed is re-analysed now, with the packages that depend on it.
      process.stdout.write(formatCompatSummary(await runCompatPass(database, { progress: createProgress() })) + '\n');
      // Reverse dependencies follow from the index records just stored (see api/dependents/refresh.ts).
      process.stdout.write(formatDependentsSummary(await refreshDependents(database)) + '\n');
      // People and contributions follow from owners, publishers and maintainers just indexed.
      process.stdout.write(formatImport(await importContributions(database)) + '\n');
      return failed ? 1 : 0;
    } finally {
      await database.close();
    }
  },
  async export(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { out: { type: 'string' } } });
    if (positionals.length) {
      process.stderr.write('Usage: ferrite export [--out FILE.tar.gz]\n');
      return 2;
    }
    const database = await openCliDatabase();
    try {
      process.stdout.write(formatExportSummary(await exportCatalog(database, values.out)) + '\n');
      return 0;
    } finally {
      await database.close();
    }
  },
  async worker() {
    const config = parseConfig(process.env);
    const database = await openDatabase(config.database, { max: 2, role: 'worker' });
    const engine = openSearchEngine(config, database);
    await engine.applySettings().catch((err) => process.stderr.write(`search engine not reachable yet: ${(err as Error).message}\n`));
    const drain = startSearchDrain(database, engine, { onError: (err) => process.stderr.write(`${safeError(err).message}; rows stay queued\n`) });
    const closer = startProposalCloser(database, createLogger(config.logLevel));
    process.stdout.write(`Draining search updates into ${engine.name} and closing due proposals; Ctrl-C stops.\n`);
    await new Promise<void>((resolve) => {
      for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
    });
    drain.stop();
    closer.stop();
    await database.close();
    return 0;
  },
  async reindex() {
    const config = parseConfig(process.env);
    const database = await openDatabase(config.database, { max: 2 });
    try {
      const engine = openSearchEngine(config, database);
      const started = performance.now();
      const n = await reindexAll(database, engine);
      process.stdout.write(`Reindexed ${n} packages into ${engine.name} in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
    } finally {
      await database.close();
    }
    return 0;
  },
  async analyze(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    if (positionals.length === 0) {
      process.stderr.write('Usage: ferrite analyze <dir|file|.tar.gz|packument.json>… [--json]\n');
      return 2;
    }
    const result = await analyzePaths(positionals, createProgress());
    for (const p of result.problems) process.stderr.write(`skipped ${p}\n`);
    process.stdout.write(values.json ? `${JSON.stringify(result.analyses, null, 2)}\n` : `${formatAnalysisTable(result)}\n`);
    return result.analyses.length === 0 && result.problems.length > 0 ? 1 : 0;
  },
  async owners(args) {
    const [verb, pkg = '', username = ''] = args;
    const [ecosystem, ...rest] = pkg.split('/');
    const name = rest.join('/');
    if (verb !== 'add' || (ecosystem !== 'crates' && ecosystem !== 'npm') || !name || !username) {
      process.stderr.write('Usage: ferrite owners add <crates|npm>/<name> <username>\n');
      return 2;
    }
    return operatorCommand(async (database) => {
      const added = await grantOwnership(database, ecosystem, name, username);
      return added ? `${username} now owns ${pkg}` : `${username} already owned ${pkg}`;
    });
  },
  async tally(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' } } });
    if (positionals.length !== 1) {
      process.stderr.write('Usage: ferrite tally <ballots.json> [--json]\n');
      return 2;
    }
    let input: unknown;
    try {
      input = JSON.parse(fs.readFileSync(positionals[0]!, 'utf8'));
    } catch (err) {
      process.stderr.write(`${positionals[0]}: ${(err as Error).message}\n`);
      return 1;
    }
    try {
      const r = tally(input as TallyInput);
      const { winner, ranking, rounds, passed } = r;
      process.stdout.write(values.json ? `${JSON.stringify({ winner, ranking, rounds, passed, quorumMet: r.quorumMet, tied: r.tied }, null, 2)}\n` : formatTally(r));
      return 0;
    } catch (err) {
      if (!(err instanceof TallyInputError)) throw err;
      process.stderr.write(`${positionals[0]} cannot be counted:\n${err.errors.map((e) => `  ${e.path}: ${e.message}`).join('\n')}\n`);
      return 1;
    }
  },
  async council(args) {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { chair: { type: 'boolean' }, until: { type: 'string' }, charter: { type: 'string' }, 'min-weight': { type: 'string' }, days: { type: 'string' }, category: { type: 'string' }, off: { type: 'boolean' } } });
    const [verb, slug = '', arg = ''] = positionals;
    if (!(verb === 'create' && slug && arg) && !(verb === 'add-member' && slug && arg) && !(verb === 'eligibility' && slug && (values.off || values['min-weight']))) {
      process.stderr.write('Usage:\n  ferrite council create <slug> <name> [--charter TEXT]\n  ferrite council add-member <slug> <username> [--chair] [--until YYYY-MM-DD]\n  ferrite council eligibility <slug> --min-weight N [--days 365] [--category SLUG] | --off\n');
      return 2;
    }
    return operatorCommand(async (database) => {
      if (verb === 'create') {
        const c = await createCouncil(database, { slug, name: arg, charter: values.charter });
        return `Council ${c.slug} (${c.name}) is ready`;
      }
      if (verb === 'eligibility') {
        const rule = values.off ? null : { minWeight: Number(values['min-weight']), days: Number(values.days ?? 365), ...(values.category ? { category: values.category } : {}) };
        if (rule && !(rule.minWeight > 0 && rule.days > 0)) throw new AppError('invalidRequest', { detail: '--min-weight and --days must be positive numbers' });
        await setEligibility(database, slug, rule);
        return rule ? `${slug}: people with ${rule.minWeight} weighted contributions${rule.category ? ` in ${rule.category}` : ''} in ${rule.days} days also vote` : `${slug}: appointed members only`;
      }
      await addMember(database, slug, arg, { role: values.chair ? 'chair' : 'member', from: new Date(), until: values.until ? new Date(values.until) : null });
      return `${arg} sits on ${slug}${values.chair ? ' as chair' : ''}`;
    });
  },
  async verify(args) {
    if (args.some((a) => /^--(checkpoint|receipt)\b/.test(a))) return verifyLogCommand(args);
    const [source] = args;
    if (!source) {
      process.stderr.write('Usage: ferrite verify <log.json | https://…/api/v1/proposals/ID/log>\n');
      return 2;
    }
    const text = /^https?:\/\//.test(source) ? await (await fetch(source)).text() : fs.readFileSync(source, 'utf8');
    const body = JSON.parse(text) as { entries: LogEntry[] };
    const v = verifyLog(body.entries);
    process.stdout.write(formatVerification(v));
    return v.chain.ok && (v.result === 'matches' || v.result === 'not closed') ? 0 : 1;
  },
  async contributors(args) {
    if (args[0] !== 'import') {
      process.stderr.write('Usage: ferrite contributors import\n');
      return 2;
    }
    return operatorCommand(async (database) => formatImport(await importContributions(database)));
  },
  async help() {
    process.stdout.write(HELP);
    return 0;
  },
};

async function main(argv: string[]): Promise<number> {
  const [name = 'help', ...rest] = argv;
  const command = commands[name];
  if (name === '--help' || name === '-h') return commands.help!([]);
  if (!command) {
    process.stderr.write(`Unknown command '${name}'.\n\n${HELP}`);
    return 2;
  }
  return command(rest);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (err) => {
    if (err instanceof ConfigError || err instanceof UsageError) process.stderr.write(`${err.message}\n`);
    // Start-up problems an operator fixes (a busy data folder, a wrong DATABASE_URL): one line, no stack.
    else if (err instanceof DataDirLockedError || err instanceof DatabaseConnectError || err instanceof MigrationError) process.stderr.write(`ferrite: ${err.message}\n`);
    else process.stderr.write(`ferrite: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    process.exit(1);
  },
);
