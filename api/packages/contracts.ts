import { z } from '@hono/zod-openapi';
import { PageQuery } from '../lib/pagination.js';
import { CRATE_NAME, NPM_NAME } from '../engine/formats/names.js';

export const Ecosystem = z.enum(['crates', 'npm']);

export const CrateNameParam = z.object({
  name: z.string().regex(CRATE_NAME, 'not a valid crate name').openapi({ param: { name: 'name', in: 'path' }, example: 'candle-core' }),
});
export const CrateVersionParams = CrateNameParam.extend({
  version: z.string().regex(/^[0-9A-Za-z.+-]{1,128}$/, 'not a version number').openapi({ param: { name: 'version', in: 'path' }, example: '0.9.1' }),
});
export const NpmNameParam = z.object({
  name: z.string().regex(NPM_NAME, 'not a valid npm package name').openapi({
    param: { name: 'name', in: 'path' },
    description: 'Package name; a scoped name is URL-encoded (`%40napi-rs%2Fcanvas`).',
    example: '@napi-rs/canvas',
  }),
});

export const ListPackagesQuery = PageQuery.extend({
  ecosystem: Ecosystem.optional().openapi({ description: 'Only packages of this ecosystem.' }),
});

export const PackageSummary = z
  .object({
    ecosystem: Ecosystem,
    name: z.string(),
    description: z.string().nullable(),
    defaultVersion: z.string().nullable(),
    versionCount: z.number().int(),
    downloads: z.number().int().nullable(),
    updatedAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('PackageSummary');

export const PackagePage = z
  .object({ items: z.array(PackageSummary), nextCursor: z.string().nullable() })
  .openapi('PackagePage');

/** crates.io's field names, so crates.io clients can read Ferrite unchanged. */
export const CratesIoVersion = z
  .object({
    id: z.number().int(),
    crate: z.string(),
    num: z.string(),
    yanked: z.boolean(),
    rust_version: z.string().nullable(),
    features: z.record(z.string(), z.array(z.string())),
    links: z.string().nullable(),
    checksum: z.string().nullable(),
    created_at: z.string().nullable(),
    dl_path: z.string(),
  })
  .openapi('CratesIoVersion');

export const CratesIoCrate = z
  .object({
    id: z.string(),
    name: z.string(),
    description: z.string().nullable(),
    homepage: z.string().nullable(),
    documentation: z.string().nullable(),
    repository: z.string().nullable(),
    license: z.string().nullable(),
    downloads: z.number().int().nullable(),
    recent_downloads: z.number().int().nullable(),
    max_version: z.string().nullable(),
    max_stable_version: z.string().nullable(),
    newest_version: z.string().nullable(),
    default_version: z.string().nullable(),
    num_versions: z.number().int(),
    keywords: z.array(z.string()),
    categories: z.array(z.string()),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi('CratesIoCrate');

export const CrateResponse = z.object({ crate: CratesIoCrate, versions: z.array(CratesIoVersion) }).openapi('CrateResponse');
export const CrateVersionsResponse = z
  .object({ versions: z.array(CratesIoVersion), meta: z.object({ total: z.number().int() }) })
  .openapi('CrateVersionsResponse');
export const CrateVersionResponse = z.object({ version: CratesIoVersion }).openapi('CrateVersionResponse');

export const IndexRecordResponse = z
  .record(z.string(), z.unknown())
  .openapi('IndexRecord', { description: 'The version\'s crates.io index record, key for key as it was indexed.' });

export const NpmVersion = z
  .object({
    version: z.string(),
    publishedAt: z.string().nullable(),
    deprecated: z.string().nullable(),
    os: z.array(z.string()),
    cpu: z.array(z.string()),
    libc: z.array(z.string()),
    engines: z.record(z.string(), z.string()),
    napi: z.unknown().nullable(),
    optionalDependencies: z.record(z.string(), z.string()),
  })
  .openapi('NpmVersion');

export const NpmPackageResponse = z
  .object({
    ecosystem: z.literal('npm'),
    name: z.string(),
    description: z.string().nullable(),
    repository: z.string().nullable(),
    homepage: z.string().nullable(),
    license: z.string().nullable(),
    keywords: z.array(z.string()),
    latestVersion: z.string().nullable(),
    versions: z.array(NpmVersion),
    updatedAt: z.string(),
  })
  .openapi('NpmPackage');
