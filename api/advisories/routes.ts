import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { access, guarded } from '../accounts/access.js';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateVersionParams } from '../packages/contracts.js';
import { AdvisoryIdParam, AdvisoryResponse, OsvResponse, VersionAdvisoriesResponse } from './contracts.js';
import { crateVersionAdvisories } from './dependencies.js';
import { toOsv } from './osv.js';
import { advisoryDetail } from './detail.js';
import { requireAdvisory } from './service.js';

const tags = ['Advisories'];
const read = { ...guarded(access.anyone), tags } as const;

const advisory = createRoute({
  ...read, method: 'get', path: '/api/v1/advisories/{id}', summary: 'Get a RustSec advisory',
  description: 'By its RUSTSEC id or an alias (CVE, GHSA). Withdrawn advisories are still given, with `withdrawn` set.',
  request: { params: AdvisoryIdParam },
  responses: { 200: jsonContent(AdvisoryResponse, 'The advisory.'), ...notFoundResponse, ...problemResponses },
});

const osv = createRoute({
  ...read, method: 'get', path: '/api/v1/advisories/{id}/osv', summary: 'Get an advisory in OSV format',
  description: 'OSV schema 1.6, for tools that read OSV.',
  request: { params: AdvisoryIdParam },
  responses: { 200: jsonContent(OsvResponse, 'The OSV record.'), ...notFoundResponse, ...problemResponses },
});

const versionAdvisories = createRoute({
  ...read, method: 'get', path: '/api/v1/crates/{name}/{version}/advisories', summary: 'Advisories affecting a crate version',
  description: 'Those that affect the version itself, and those that reach it through the dependencies its default build pulls in (the newest non-yanked version each requirement allows, as the compatibility engine resolves them), each with its path and whether a semver-compatible update avoids it.',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(VersionAdvisoriesResponse, 'Direct and dependency advisories.'), ...notFoundResponse, ...problemResponses },
});

export function advisoryRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(advisory, async (c) => c.json(await advisoryDetail(db, c.req.valid('param').id, c.get('principal')?.user), 200))
    .openapi(osv, async (c) => c.json(toOsv(await requireAdvisory(db, c.req.valid('param').id)), 200))
    .openapi(versionAdvisories, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await crateVersionAdvisories(db, name, version), 200);
    });
}
