import { createApp } from '../api/app.js';
import type { AppDeps } from '../api/lib/deps.js';
import { apiReference } from '../web/api-reference.js';
import { pageCache } from '../web/page-cache.js';
import { htmlProblems, webRoutes } from '../web/routes.js';

/**
 * The hub as one app: the API (JSON, problem+json) and cargo's index from api/, the pages from
 * web/, composed here so that api/ never imports web/.
 */
export function createHub(deps: AppDeps) {
  const cacheMs = deps.pageCacheMs ?? 10_000;
  return createApp(deps, {
    cache: cacheMs > 0 ? pageCache({ ttlMs: cacheMs, maxEntries: 2_000, maxBytes: 64 * 1024 * 1024 }) : undefined,
    problems: htmlProblems,
    mount(app, guarded) {
      app.route('/', apiReference(app));
      app.route('/', webRoutes(guarded));
    },
  });
}

export type Hub = ReturnType<typeof createHub>;
