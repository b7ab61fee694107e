import { AppError } from '../lib/problems.js';
import type { SearchEngine } from './engine.js';

/** How long a client should wait before asking again while search is down. */
export const SEARCH_RETRY_AFTER_S = 30;

export const searchUnavailable = () =>
  new AppError('searchUnavailable', {
    detail: 'The search engine does not answer right now; it is catching up or unreachable. The catalog itself is safe: try again shortly.',
    headers: { 'retry-after': String(SEARCH_RETRY_AFTER_S) },
  });

/**
 * The engine as requests see it: a query the engine cannot answer (Meilisearch unreachable, a broken
 * connection) becomes one known error, which the API answers as 503 with Retry-After and pages as
 * a notice, instead of a 500. Errors the request caused (AppError) pass through unchanged. Writes
 * are not wrapped: they go through the outbox, which retries.
 */
export function guardSearch(engine: SearchEngine): SearchEngine {
  return {
    name: engine.name,
    applySettings: () => engine.applySettings(),
    index: (docs) => engine.index(docs),
    delete: (ids) => engine.delete(ids),
    rebuild: (docs) => engine.rebuild(docs),
    health: () => engine.health(),
    async search(req) {
      try {
        return await engine.search(req);
      } catch (err) {
        if (err instanceof AppError) throw err;
        throw Object.assign(searchUnavailable(), { cause: err });
      }
    },
  };
}

export const isSearchUnavailable = (err: unknown) => err instanceof AppError && err.code === 'searchUnavailable';
