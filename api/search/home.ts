import type { Database } from '../db/client.js';
import { mostDependedOn } from '../dependents/service.js';
import type { SearchEngine } from './engine.js';
import { emptyQuery } from './query.js';
import { isSearchUnavailable } from './unavailable.js';
import { categoryTree } from '../categories/service.js';

const LISTED = 8;

/**
 * The home page: popular and recently updated packages, categories and profiles with their counts.
 * Popularity has two signals, each list named by its own: downloads (known only from a registry
 * dump) and how many indexed crates use a crate (always known once indexed).
 */
export async function loadHome(database: Database, engine: SearchEngine) {
  const popular = await engine.search({ query: emptyQuery(), sort: 'downloads', offset: 0, limit: LISTED, facets: true });
  const recent = await engine.search({ query: emptyQuery(), sort: 'recent', offset: 0, limit: LISTED, facets: false });
  const dependedOn = await mostDependedOn(database, LISTED);
  const tree = await categoryTree(database.db, popular.facets.category ?? {});
  const categories = tree.filter((c) => !c.parentSlug && c.count > 0).sort((a, b) => b.count - a.count).slice(0, 12);
  // Downloads come from the crates.io dump; packages without a count are not "popular", only unknown.
  return { total: popular.total, popular: popular.hits.filter((h) => h.downloads > 0), dependedOn, recent: recent.hits, categories, facets: popular.facets, searchDown: false };
}

/** The home page while the search engine is down: the search box and the ways to browse, without counts or lists. */
export async function loadHomeOrOutage(database: Database, engine: SearchEngine) {
  try {
    return await loadHome(database, engine);
  } catch (err) {
    if (!isSearchUnavailable(err)) throw err;
    return { total: 0, popular: [], dependedOn: [], recent: [], categories: [], facets: {}, searchDown: true };
  }
}

export type Home = Awaited<ReturnType<typeof loadHome>>;
