import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { AppError } from '../lib/problems.js';
import { CRATE_NAME } from '../engine/formats/names.js';
import { indexPath } from '../engine/formats/index-path.js';
import { sparseIndexConfig, sparseIndexFile } from './service.js';
import { ArchiveMirror } from './mirror.js';
import { CrateVersionParams } from '../packages/contracts.js';
import { notFoundResponse, problemResponses } from '../lib/openapi.js';

const download = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/download', tags: ['Registry'], summary: 'Download a crate archive (.crate)',
  description: "cargo's `dl` (the index config.json's template): the published `.crate`, from Ferrite's store, verified against the index `cksum` when it was stored. In mirror mode a missing archive is fetched from the upstream registry first. ETag is the archive's sha256.",
  request: { params: CrateVersionParams },
  responses: {
    200: { description: 'The archive (a gzip\'d tar).', content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } } },
    304: { description: 'Not modified (If-None-Match named its sha256).' },
    ...notFoundResponse,
    ...problemResponses,
    503: { description: 'The upstream registry could not provide the archive, or sent one that does not match the index; see `Retry-After`.', content: { 'application/problem+json': { schema: z.object({ type: z.string(), title: z.string(), status: z.number(), detail: z.string().optional() }) } } },
  },
});

/**
 * A sparse crates.io index over the catalog (Cargo Book, "Sparse protocol"), so the real cargo
 * resolves against Ferrite: `/index/config.json` and `/index/{1,2,3/x,ab/cd}/{name}`. ETag and
 * If-None-Match come from the app's etag middleware.
 */
export function registryRoutes({ database: { db }, publicUrl, archives, logger }: AppDeps) {
  const mirror = archives ? new ArchiveMirror(archives, logger) : null;
  const app = new OpenAPIHono<AppEnv>();
  app
    .get('/index/config.json', (c) => c.json(sparseIndexConfig(publicUrl)))
    .get('/index/*', async (c) => {
      const rel = c.req.path.slice('/index/'.length);
      const name = rel.split('/').at(-1) ?? '';
      // Only the path the index layout gives a crate is that crate's file.
      if (!CRATE_NAME.test(name) || indexPath(name) !== rel) throw new AppError('notFound', { detail: `'${rel}' is not a path in the index layout.` });
      const body = await sparseIndexFile(db, name);
      return c.body(body, 200, { 'content-type': 'text/plain; charset=utf-8' });
    });
  // cargo's `dl` (config.json's template with no markers): the `.crate` from the store, verified when it was stored.
  app.openapi(download, async (c) => {
    const { name, version } = c.req.valid('param');
    if (!mirror) throw new AppError('notFound', { detail: 'This Ferrite serves no crate archives.' });
    const { sha256, size } = await mirror.archive(db, name, version);
    // An archive never changes: its ETag is its checksum, and the etag middleware need not read it.
    const headers = { 'content-type': 'application/gzip', 'content-length': String(size), etag: `"${sha256}"`, 'cache-control': 'public, max-age=31536000, immutable' };
    if (c.req.header('if-none-match') === `"${sha256}"`) return c.body(null, 304, headers);
    const stream = archives!.store.open(sha256);
    return c.body(Readable.toWeb(stream) as ReadableStream, 200, headers) as never;
  });
  return app;
}
