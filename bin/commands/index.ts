import fs from 'node:fs';
import { parseArgs } from 'node:util';
import { parseConfig } from '../../api/config.js';
import type { Database } from '../../api/db/client.js';
import { createProgress } from '../../indexer/progress.js';
import { formatCompatSummary, runCompatPass } from '../../indexer/sync/compat-claims.js';
import { formatDependentsSummary, refreshDependents } from '../../api/dependents/refresh.js';
import { formatSummary, indexCrates } from '../../indexer/commands/index-crates.js';
import { formatCategoriesSummary, indexCategories } from '../../indexer/commands/index-categories.js';
import { formatSynonymsSummary, indexSynonyms } from '../../indexer/commands/index-synonyms.js';
import { formatDumpSummary, indexDump } from '../../indexer/commands/index-dump.js';
import { formatManifestSummary, indexManifests } from '../../indexer/commands/index-manifests.js';
import { formatArchivesSummary, indexArchives } from '../../indexer/commands/index-archives.js';
import { ArchiveStore } from '../../api/archives/store.js';
import { cargoHome as resolveCargoHome, resolveUpstreamIndex } from '../../api/archives/upstream.js';
import { formatNpmSummary, indexNpm } from '../../indexer/commands/index-npm.js';
import { formatAdvisoriesSummary, indexAdvisories } from '../../indexer/commands/index-advisories.js';
import { openCliDatabase } from '../../indexer/commands/open.js';
import { importContributions } from '../../api/contributors/import.js';
import { UsageError } from './command.js';
import { formatImport } from './contributors.js';

type IndexOptions = { crates?: string; 'crates-file'?: string; concurrency?: string; 'add-crates'?: boolean; 'no-tarballs'?: boolean; 'all-versions'?: boolean; 'no-archives'?: boolean };
type Indexer = (database: Database, inputs: string[], o: IndexOptions) => Promise<{ summary: string; failed: boolean }>;

const INDEX_USAGE = `  ferrite index crates <dir|file|.tar.gz|sparse-url>… [--crates a,b] [--crates-file FILE] [--concurrency N] [--all-versions] [--no-archives]
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
    // Then each crate's archive (newest non-yanked version, or all), as `index archives` does.
    const archives = o['no-archives'] ? undefined : { ...archiveSources(), allVersions: o['all-versions'] };
    const result = await indexCrates(database, inputs, { crates, concurrency: o.concurrency ? Number(o.concurrency) : undefined, archives });
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

/** The archive store, cargo's cache and the upstream index, from the configuration. */
function archiveSources() {
  const config = parseConfig(process.env);
  return {
    store: new ArchiveStore(config.archives.dir),
    cargoHome: resolveCargoHome(config.archives.cargoHome),
    upstreamIndex: resolveUpstreamIndex(config.archives.upstreamSetting, config.archives.cargoHome),
  };
}

/** `index archives` takes no inputs: the crates are the catalog's, the sources cargo's cache and the upstream. */
async function indexArchivesCommand(o: IndexOptions & { 'from-cargo-cache'?: boolean }): Promise<number> {
  const database = await openCliDatabase();
  try {
    const result = await indexArchives(database, {
      ...archiveSources(),
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

/** `ferrite index <what> …`: load one kind of source, then re-analyse, refresh reverse dependencies and credit people. */
export async function indexCommand(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { crates: { type: 'string' }, 'crates-file': { type: 'string' }, concurrency: { type: 'string' }, 'all-versions': { type: 'boolean' }, 'from-cargo-cache': { type: 'boolean' }, 'add-crates': { type: 'boolean' }, 'no-tarballs': { type: 'boolean' }, 'no-archives': { type: 'boolean' } },
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
}
