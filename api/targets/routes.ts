import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { ListTargetsQuery, Target, TargetPage, TargetParam } from './contracts.js';
import { getTarget, listTargets } from './service.js';

const tags = ['Targets'];

const list = createRoute({
  method: 'get', path: '/api/v1/targets', tags, summary: 'List Rust targets',
  description: 'Every rustc target triple with its tier, std support and cfg values.',
  request: { query: ListTargetsQuery },
  responses: { 200: jsonContent(TargetPage, 'A page of targets, ordered by triple.'), ...problemResponses },
});

const one = createRoute({
  method: 'get', path: '/api/v1/targets/{triple}', tags, summary: 'Get a Rust target',
  request: { params: TargetParam },
  responses: { 200: jsonContent(Target, 'The target.'), ...notFoundResponse, ...problemResponses },
});

export function targetRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => c.json(await listTargets(db, c.req.valid('query')), 200))
    .openapi(one, async (c) => c.json(await getTarget(db, c.req.valid('param').triple), 200));
}
