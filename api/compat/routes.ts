import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateVersionParams, NpmNameParam } from '../packages/contracts.js';
import { NpmCompatResponse, VersionCompatResponse } from './contracts.js';
import { getCrateVersionCompat, getNpmCompat } from './service.js';

const tags = ['Compatibility'];

const versionCompat = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/compat', tags,
  summary: 'Compatibility of a crate version',
  description: 'Every claim (profile, target, no_std, accelerator, native library, MSRV) with its evidence and source (inferred, declared or verified), the strongest answer per subject, and the npm packages that wrap the crate.',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(VersionCompatResponse, 'The claims.'), ...notFoundResponse, ...problemResponses },
});

const npmCompat = createRoute({
  method: 'get', path: '/api/v1/npm/{name}/compat', tags,
  summary: 'Compatibility of an npm package',
  description: 'Whether the current version is a Rust binding (napi-rs, wasm-bindgen, neon), for which Rust targets, wrapping which crate, with evidence.',
  request: { params: NpmNameParam },
  responses: { 200: jsonContent(NpmCompatResponse, 'The claims and binding.'), ...notFoundResponse, ...problemResponses },
});

export function compatRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(versionCompat, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await getCrateVersionCompat(db, name, version), 200);
    })
    .openapi(npmCompat, async (c) => c.json(await getNpmCompat(db, c.req.valid('param').name), 200));
}
