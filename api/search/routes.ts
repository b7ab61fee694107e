import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, problemResponses } from '../lib/openapi.js';
import { CratesIoSearchQuery, CratesIoSearchResponse, SearchQuery, SearchResponse } from './contracts.js';
import { searchCratesIo, searchPackages } from './service.js';

const search = createRoute({
  method: 'get', path: '/api/v1/search', tags: ['Search'], summary: 'Search crates and npm packages',
  description: 'Free text with qualifiers, filters, facets and sorts. Each hit carries its compatibility summary and bindings.',
  request: { query: SearchQuery },
  responses: { 200: jsonContent(SearchResponse, 'One page of results with facet counts.'), ...problemResponses },
});

const cratesIo = createRoute({
  method: 'get', path: '/api/v1/crates', tags: ['Search'], summary: 'Search crates (crates.io-compatible)',
  description: 'The crates.io search answer, so `cargo search --registry ferrite` works. Same query language as /api/v1/search.',
  request: { query: CratesIoSearchQuery },
  responses: { 200: jsonContent(CratesIoSearchResponse, 'Matching crates.'), ...problemResponses },
});

export function searchRoutes({ search: engine }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(search, async (c) => c.json(await searchPackages(engine, c.req.valid('query')), 200))
    .openapi(cratesIo, async (c) => c.json(await searchCratesIo(engine, c.req.valid('query')), 200));
}
