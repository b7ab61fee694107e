import type { Config } from '../config.js';
import type { Database } from '../db/client.js';
import type { SearchEngine } from './engine.js';
import { MeiliSearchEngine } from './meili-engine.js';
import { PostgresSearchEngine } from './pg-engine.js';
import { readSynonyms } from './synonyms.js';

/** Meilisearch when MEILI_HOST is set, the embedded Postgres engine otherwise. */
export function openSearchEngine(config: Pick<Config, 'search'>, database: Database): SearchEngine {
  return config.search.kind === 'meilisearch' ? MeiliSearchEngine.connect(config.search.host, config.search.apiKey, () => readSynonyms(database)) : new PostgresSearchEngine(database);
}
