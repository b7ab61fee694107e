import path from 'node:path';
import { Writable } from 'node:stream';
import type { Database } from '../../api/db/client.js';
import { Meilisearch } from 'meilisearch';
import type { SearchEngine } from '../../api/search/engine.js';
import { MeiliSearchEngine } from '../../api/search/meili-engine.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { readSynonyms } from '../../api/search/synonyms.js';
import { indexManifests } from '../../indexer/commands/index-manifests.js';
import { indexNpm } from '../../indexer/commands/index-npm.js';
import { indexSynonyms } from '../../indexer/commands/index-synonyms.js';
import type { Progress } from '../../indexer/progress.js';
import { runCompatPass } from '../../indexer/sync/compat-claims.js';
import { drainSearch } from '../../indexer/sync/search-drain.js';
import { INDEX_FULL } from './index-fixtures.js';
import { runIndexCrates } from './indexer.js';
import { SHARED_DATA } from './shared-data.js';

const silent: Progress = { start() {}, update() {}, stop() {} };
const quiet = () => new Writable({ write: (_c, _e, d) => d() });

/**
 * The real catalog search tests run on: every version of the 305 seed crates, their Cargo.toml
 * metadata (descriptions, keywords, categories) from 41 upstream repositories, the 57 npm
 * packuments, the compatibility pass, and the search outbox drained into `engine`.
 */
export async function buildSearchCatalog(database: Database, engine: SearchEngine) {
  await runIndexCrates(database, [INDEX_FULL]);
  await indexManifests(database, [path.join(SHARED_DATA, 'crate-metadata', 'manifests', 'raw')], { out: quiet() });
  await indexNpm(database, [path.join(SHARED_DATA, 'npm-packuments', 'packuments')], { progress: silent, out: quiet() });
  await runCompatPass(database);
  await engine.applySettings();
  const drained = await drainSearch(database, engine);
  if (drained.error) throw new Error(drained.error);
  return drained;
}

/** lib.rs's keyword synonyms and crates.io's category names, as `ferrite index synonyms` loads them. */
export async function loadSearchSynonyms(database: Database) {
  return indexSynonyms(
    database,
    path.join(SHARED_DATA, 'crate-metadata', 'lib-rs', 'tag-synonyms.csv'),
    path.join(SHARED_DATA, 'crates-io-categories', 'categories.toml'),
    quiet(),
  );
}

/**
 * The engines a search suite runs against: the embedded Postgres engine always, Meilisearch too when
 * MEILI_HOST is set (each suite in an index of its own, named by `prefix`).
 */
export function searchEngines(prefix: string): [string, (database: Database) => SearchEngine][] {
  const engines: [string, (database: Database) => SearchEngine][] = [['postgres', (database) => new PostgresSearchEngine(database)]];
  if (process.env.MEILI_HOST) {
    const client = new Meilisearch({ host: process.env.MEILI_HOST, apiKey: process.env.MEILI_API_KEY });
    engines.push(['meilisearch', (database) => new MeiliSearchEngine(client, () => readSynonyms(database), `${prefix}_${process.pid}_${Date.now()}`)]);
  }
  return engines;
}
