import { Hono } from 'hono';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { AppError } from '../lib/problems.js';
import { CRATE_NAME } from '../engine/formats/names.js';
import { indexPath } from '../engine/formats/index-path.js';
import { sparseIndexConfig, sparseIndexFile } from './service.js';

/**
 * A sparse crates.io index over the catalog (Cargo Book, "Sparse protocol"), so the real cargo
 * resolves against Ferrite: `/index/config.json` and `/index/{1,2,3/x,ab/cd}/{name}`. ETag and
 * If-None-Match come from the app's etag middleware.
 */
export function registryRoutes({ database: { db }, publicUrl }: AppDeps) {
  return new Hono<AppEnv>()
    .get('/index/config.json', (c) => c.json(sparseIndexConfig(publicUrl)))
    .get('/index/*', async (c) => {
      const rel = c.req.path.slice('/index/'.length);
      const name = rel.split('/').at(-1) ?? '';
      // Only the path the index layout gives a crate is that crate's file.
      if (!CRATE_NAME.test(name) || indexPath(name) !== rel) throw new AppError('notFound', { detail: `'${rel}' is not a path in the index layout.` });
      const body = await sparseIndexFile(db, name);
      return c.body(body, 200, { 'content-type': 'text/plain; charset=utf-8' });
    });
}
