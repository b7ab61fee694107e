import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateVersionParams, NpmNameParam } from '../packages/contracts.js';
import { CrateTargetParams, CrateTargetsResponse, NpmCompatResponse, TargetAnswer, VersionCompatResponse } from './contracts.js';
import { getCrateTarget, getCrateTargets, getCrateVersionCompat, getNpmCompat } from './service.js';

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

const RULE =
  'Precision first: `no` only from strong evidence (a claim naming the target, a pin to another chip family, std missing where the crate needs it); `yes` only where evidence reaches the target; otherwise `unknown`, and the evidence says why. Verified > declared > inferred.';

const crateTargets = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/targets', tags,
  summary: 'Every rustc target answered for a crate version',
  description: `Each target rustc knows, with its tier, status (yes / partial / no / unknown), how the answer was reached and its evidence: the same rule the crate page, badges and target lists use. ${RULE}`,
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(CrateTargetsResponse, 'One answer per target.'), ...notFoundResponse, ...problemResponses },
});

const crateTarget = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/targets/{triple}', tags,
  summary: 'One rustc target answered for a crate version',
  description: RULE,
  request: { params: CrateTargetParams },
  responses: { 200: jsonContent(TargetAnswer, 'The answer.'), ...notFoundResponse, ...problemResponses },
});

export function compatRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(versionCompat, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await getCrateVersionCompat(db, name, version), 200);
    })
    .openapi(crateTargets, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await getCrateTargets(db, name, version), 200);
    })
    .openapi(crateTarget, async (c) => {
      const { name, version, triple } = c.req.valid('param');
      return c.json(await getCrateTarget(db, name, version, triple), 200);
    })
    .openapi(npmCompat, async (c) => c.json(await getNpmCompat(db, c.req.valid('param').name), 200));
}
