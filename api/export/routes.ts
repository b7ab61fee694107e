import fs from 'node:fs';
import { Readable } from 'node:stream';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { access, guarded } from '../accounts/access.js';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { notFoundResponse, problemResponses } from '../lib/openapi.js';
import { AppError } from '../lib/problems.js';
import { currentSnapshot } from './snapshot.js';

const latest = createRoute({
  method: 'get', path: '/api/v1/export/latest.tar.gz', tags: ['Export'], ...guarded(access.anyone),
  summary: 'Download the daily catalog export',
  description: 'The whole catalog in crates.io\'s database-dump layout (CSV per table in a .tar.gz with `metadata.json`), plus Ferrite\'s own tables (`data/ferrite_*.csv`: compatibility claims with evidence, bindings, declared metadata, dependent counts). Rewritten by the hub at most once a day; `ferrite index dump --add-crates` loads it into another hub.',
  responses: {
    200: { description: 'The archive, streamed.', content: { 'application/gzip': { schema: z.string().openapi({ format: 'binary' }) } } },
    ...notFoundResponse,
    ...problemResponses,
  },
});

export function exportRoutes({ exportsDir }: AppDeps) {
  return new OpenAPIHono<AppEnv>().openapi(latest, (c) => {
    const snapshot = exportsDir ? currentSnapshot(exportsDir) : null;
    if (!snapshot) throw new AppError('notFound', { detail: 'No export has been written yet: the hub writes one within a day of starting, and then daily.' });
    // The stream is opened before answering: a snapshot replaced meanwhile is read whole, the old one.
    const body = Readable.toWeb(fs.createReadStream(snapshot.file)) as ReadableStream;
    return c.body(body, 200, {
      'content-type': 'application/gzip',
      'content-length': String(snapshot.bytes),
      'content-disposition': `attachment; filename="ferrite-db-dump-${snapshot.modified.toISOString().slice(0, 10)}.tar.gz"`,
      'last-modified': snapshot.modified.toUTCString(),
      // Set here so the ETag middleware does not read the whole archive to hash it.
      etag: `"${snapshot.bytes.toString(16)}-${Math.floor(snapshot.modified.getTime()).toString(16)}"`,
      'cache-control': 'public, max-age=3600',
    });
  });
}
