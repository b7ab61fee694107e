import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { access, guarded } from '../accounts/access.js';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateNameParam } from '../packages/contracts.js';
import { DependentsPage, DependentsQuery } from './contracts.js';
import { listDependents } from './service.js';

const dependents = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/dependents', tags: ['Packages'], ...guarded(access.anyone),
  summary: 'List the crates that use a crate',
  description: 'Reverse dependencies computed from the index records Ferrite holds: `kind=direct` (default) or `kind=all` (through the whole closure), most used first, with the total. The `rule` field states which dependencies count.',
  request: { params: CrateNameParam, query: DependentsQuery },
  responses: { 200: jsonContent(DependentsPage, 'A page of dependents.'), ...notFoundResponse, ...problemResponses },
});

export function dependentRoutes({ database }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(dependents, async (c) =>
    c.json(await listDependents(database, c.req.valid('param').name, c.req.valid('query')), 200));
}
