import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../app.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateVersionParams } from '../packages/contracts.js';
import { VersionCompatResponse } from './contracts.js';
import { getCrateVersionCompat } from './service.js';

const versionCompat = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/compat', tags: ['Compatibility'],
  summary: 'Compatibility claims of a crate version',
  description: 'Every claim (profile, target, no_std, accelerator, MSRV) with its evidence and source: inferred, declared or verified.',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(VersionCompatResponse, 'The claims.'), ...notFoundResponse, ...problemResponses },
});

export function compatRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(versionCompat, async (c) => {
    const { name, version } = c.req.valid('param');
    return c.json(await getCrateVersionCompat(db, name, version), 200);
  });
}
