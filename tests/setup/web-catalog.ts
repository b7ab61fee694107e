import path from 'node:path';
import { beforeAll } from 'vitest';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { indexCategories } from '../../indexer/commands/index-categories.js';
import { seedTargets } from '../../api/targets/seed.js';
import { type TestContext, useTestApp } from './app.js';
import { buildSearchCatalog } from './search-catalog.js';
import { SHARED_DATA } from './shared-data.js';

export const CATEGORIES_TOML = path.join(SHARED_DATA, 'crates-io-categories', 'categories.toml');

/**
 * The real app over the real catalog the pages show: rustc's targets, crates.io's category
 * tree, the seed crates with their manifests, the npm packuments, compatibility and search.
 */
export function useWebCatalog(): TestContext {
  const t = useTestApp();
  beforeAll(async () => {
    await seedTargets(t.database);
    await indexCategories(t.database, CATEGORIES_TOML);
    await buildSearchCatalog(t.database, new PostgresSearchEngine(t.database));
  }, 180_000);
  return t;
}
