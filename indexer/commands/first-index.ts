import fs from 'node:fs';
import path from 'node:path';
import readline from 'node:readline/promises';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { STARTER_CRATES, STARTER_NPM } from '../starter-list.js';
import { formatSummary, indexCrates } from './index-crates.js';
import { formatNpmSummary, indexNpm } from './index-npm.js';
import { formatCompatSummary, runCompatPass } from '../sync/compat-claims.js';
import { formatDependentsSummary, refreshDependents } from '../../api/dependents/refresh.js';
import { formatCategoriesSummary, indexCategories } from './index-categories.js';
import { formatManifestSummary, indexManifests } from './index-manifests.js';
import { formatAdvisoriesSummary, indexAdvisories } from './index-advisories.js';
import { archiveStep, formatArchiveStep, type IndexArchivesOptions } from './index-archives.js';

/** Where the first start's archives come from: the hub's store, cargo's cache and the upstream index (or none). */
export type FirstIndexArchives = Omit<IndexArchivesOptions, 'out' | 'crates' | 'allVersions' | 'fromCargoCache'> & {
  /** Finds the registry cargo uses when nothing on disk names it yet (see askCargoForItsRegistry); absent when turned off. */
  discoverUpstream?: () => Promise<string | null>;
};

export type FirstIndexEnv = {
  /** A local crates.io index (directory or .tar.gz) to read the starter crates from. */
  FERRITE_CRATES_INDEX?: string;
  /** A sparse index URL to fetch the starter crates from. */
  FERRITE_CRATES_SPARSE_URL?: string;
  /** `0` turns the first indexing off. */
  FERRITE_FIRST_INDEX?: string;
  /** A folder laid out like the project's real-data set; defaults to `../shared/data` beside the checkout. */
  FERRITE_SEED_DATA?: string;
};

const BESIDE_CHECKOUT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'shared', 'data');

/**
 * Ferrite is developed beside a folder of real public data (crates.io index files, upstream
 * Cargo.toml files, crates.io's category tree). When no crates source is configured, a first
 * start reads the parts of it that exist, so a newcomer's hub shows crates at once instead of
 * only npm packages. Nothing is read from it when a source is configured.
 */
export function seedData(env: FirstIndexEnv) {
  const root = env.FERRITE_SEED_DATA ?? BESIDE_CHECKOUT;
  const existing = (...parts: string[]) => [path.join(root, ...parts)].filter((p) => fs.existsSync(p));
  const crates = [...existing('crates-index', 'index-full'), ...existing('crates-index', 'index-recent')];
  if (crates.length === 0) return null;
  return { root, crates, manifests: existing('crate-metadata', 'manifests', 'raw'), categories: existing('crates-io-categories', 'categories.toml')[0], advisories: existing('rustsec-advisory-db', 'crates')[0] };
}

/**
 * On an empty catalog, offers to index the starter list. On a terminal it asks first; anywhere
 * else it goes ahead without waiting for input. A source that cannot be reached is reported in
 * one line and skipped. Runs while the hub already serves requests.
 *
 * With `archives`, crates come (failing a configured source or the data set) from the upstream
 * index, the registry cargo on this machine uses, and each crate's newest archive follows at once:
 * descriptions, licences and READMEs the index lines lack.
 */
export async function offerFirstIndex(
  database: Database, env: FirstIndexEnv, io: { input: NodeJS.ReadableStream & { isTTY?: boolean }; out: NodeJS.WritableStream }, archives?: FirstIndexArchives,
) {
  if (env.FERRITE_FIRST_INDEX === '0') return;
  const [row] = await database.rows<{ n: number }>(sql`select count(*)::int as n from packages`);
  if ((row?.n ?? 0) > 0) return;
  if (io.input.isTTY) {
    const rl = readline.createInterface({ input: io.input, output: io.out });
    const answer = await rl.question(`The catalog is empty. Index the starter list (${STARTER_CRATES.length} crates, ${STARTER_NPM.length} npm packages) now? [Y/n] `);
    rl.close();
    if (/^n/i.test(answer.trim())) return;
  } else {
    io.out.write(`The catalog is empty: indexing the starter list (set FERRITE_FIRST_INDEX=0 to skip).\n`);
  }
  const configured = env.FERRITE_CRATES_INDEX ?? env.FERRITE_CRATES_SPARSE_URL;
  const seed = configured ? null : seedData(env);
  if (archives && !archives.upstreamIndex && archives.discoverUpstream) archives = { ...archives, upstreamIndex: await archives.discoverUpstream() };
  const registry = !configured && !seed ? archives?.upstreamIndex : null;
  if (configured) {
    // A local index is read whole: it is fast, and the starter crates' dependencies come along.
    io.out.write(formatSummary(await indexCrates(database, [configured], { crates: STARTER_CRATES, out: io.out })) + '\n');
  } else if (seed) {
    io.out.write(`crates: from the data set at ${seed.root} (set FERRITE_CRATES_INDEX or FERRITE_CRATES_SPARSE_URL to use another source)\n`);
    io.out.write(formatSummary(await indexCrates(database, seed.crates, { out: io.out })) + '\n');
    if (seed.manifests.length) {
      // The upstream repositories hold workspace roots and unpublished members: skipping them is
      // expected here, so the list goes to the run's record (index_runs) instead of the terminal.
      const manifests = await indexManifests(database, seed.manifests, { out: new Writable({ write: (_c, _e, done) => done() }) });
      io.out.write(`${formatManifestSummary(manifests)} (workspace roots and crates not in the index; listed in index_runs)\n`);
    }
    if (seed.categories) io.out.write(formatCategoriesSummary(await indexCategories(database, seed.categories)) + '\n');
  } else if (registry) {
    io.out.write(`crates: the starter list from ${registry}, the registry cargo on this machine uses (set FERRITE_CRATES_INDEX or FERRITE_CRATES_SPARSE_URL to use another source)\n`);
    io.out.write(formatSummary(await indexCrates(database, [registry], { crates: STARTER_CRATES, out: io.out })) + '\n');
  } else {
    io.out.write('skipped crates: no crates index configured (set FERRITE_CRATES_INDEX to an index directory or .tar.gz, or FERRITE_CRATES_SPARSE_URL)\n');
  }
  if (archives) await firstArchives(database, archives, io.out);
  if (seed?.advisories) io.out.write(formatAdvisoriesSummary(await indexAdvisories(database, [seed.advisories], { out: io.out })) + '\n');
  const npm = await indexNpm(database, STARTER_NPM, { out: io.out });
  io.out.write(formatNpmSummary(npm) + '\n');
  io.out.write(formatCompatSummary(await runCompatPass(database)) + '\n');
  io.out.write(formatDependentsSummary(await refreshDependents(database)) + '\n');
}

/**
 * Each indexed crate's newest archive, most depended-on first (the home page lists those), so
 * real descriptions appear within a minute or two; a progress line every few seconds. An
 * unreachable registry is reported and the start goes on.
 */
async function firstArchives(database: Database, archives: FirstIndexArchives, out: NodeJS.WritableStream) {
  await refreshDependents(database);
  out.write(`archives: each crate's newest version, from cargo's cache (${archives.cargoHome}) first${archives.upstreamIndex ? `, then ${archives.upstreamIndex}` : ''}; progress every 5 s\n`);
  out.write(formatArchiveStep(await archiveStep(database, { ...archives, out })) + '\n');
}
