import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import { access, guarded } from '../accounts/access.js';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { CrateVersionParams } from '../packages/contracts.js';
import { ArchiveFactsResponse } from './contracts.js';
import { describeArchive } from './describe.js';

const archive = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/archive', tags: ['Packages'], ...guarded(access.anyone),
  summary: 'What a version\'s own archive says',
  description: 'The facts read from the version\'s published `.crate` (its packaged Cargo.toml, README and the crate-level `no_std` attributes of its library root), kept apart from the index record, with the archive they came from. 404 when the version is not indexed, or Ferrite holds no readable archive of it yet.',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(ArchiveFactsResponse, 'The archive facts.'), ...notFoundResponse, ...problemResponses },
});

export function archiveRoutes({ database: { db } }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(archive, async (c) => {
    const { name, version } = c.req.valid('param');
    return c.json(await describeArchive(db, name, version), 200);
  });
}
