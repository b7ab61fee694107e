import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import {
  CrateNameParam, CrateResponse, CrateVersionParams, CrateVersionResponse, CrateVersionsResponse,
  IndexRecordResponse, ListPackagesQuery, NpmNameParam, NpmPackageResponse, PackagePage,
} from './contracts.js';
import { getCrate, getCrateVersion, getCrateVersions, getIndexRecord, getNpmPackage, listPackages } from './service.js';

const tags = ['Packages'];

const list = createRoute({
  method: 'get', path: '/api/v1/packages', tags, summary: 'List packages',
  description: 'All indexed packages ordered by ecosystem and name, with cursor pagination.',
  request: { query: ListPackagesQuery },
  responses: { 200: jsonContent(PackagePage, 'A page of packages.'), ...problemResponses },
});

const crate = createRoute({
  method: 'get', path: '/api/v1/crates/{name}', tags, summary: 'Get a crate with its versions',
  description: 'crates.io-compatible. Names match case-insensitively and with `-`/`_` folded, as on crates.io.',
  request: { params: CrateNameParam },
  responses: { 200: jsonContent(CrateResponse, 'The crate and its versions, newest first.'), ...notFoundResponse, ...problemResponses },
});

const crateVersions = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/versions', tags, summary: 'List a crate\'s versions',
  request: { params: CrateNameParam },
  responses: { 200: jsonContent(CrateVersionsResponse, 'Versions, newest first.'), ...notFoundResponse, ...problemResponses },
});

const crateVersion = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}', tags, summary: 'Get one version of a crate',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(CrateVersionResponse, 'The version.'), ...notFoundResponse, ...problemResponses },
});

const indexRecord = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/index-record', tags, summary: 'Get a version\'s index record',
  description: 'The crates.io index line this version was indexed from, key for key.',
  request: { params: CrateVersionParams },
  responses: { 200: jsonContent(IndexRecordResponse, 'The index record.'), ...notFoundResponse, ...problemResponses },
});

const npmPackage = createRoute({
  method: 'get', path: '/api/v1/npm/{name}', tags, summary: 'Get an npm package',
  request: { params: NpmNameParam },
  responses: { 200: jsonContent(NpmPackageResponse, 'The package and its versions, newest first.'), ...notFoundResponse, ...problemResponses },
});

export function packageRoutes({ database }: AppDeps) {
  const { db } = database;
  return new OpenAPIHono<AppEnv>()
    .openapi(list, async (c) => c.json(await listPackages(db, c.req.valid('query')), 200))
    .openapi(crate, async (c) => c.json(await getCrate(db, c.req.valid('param').name), 200))
    .openapi(crateVersions, async (c) => c.json(await getCrateVersions(db, c.req.valid('param').name), 200))
    .openapi(indexRecord, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await getIndexRecord(db, name, version), 200);
    })
    .openapi(crateVersion, async (c) => {
      const { name, version } = c.req.valid('param');
      return c.json(await getCrateVersion(db, name, version), 200);
    })
    .openapi(npmPackage, async (c) => c.json(await getNpmPackage(db, c.req.valid('param').name), 200));
}
