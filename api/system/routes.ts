import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../app.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent, problemResponses } from '../lib/openapi.js';
import { AppError } from '../lib/problems.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Ready = z
  .object({ status: z.literal('ok'), database: z.enum(['postgres', 'pglite']), search: z.string() })
  .openapi('Readiness');

const healthz = createRoute({
  method: 'get', path: '/healthz', tags: ['System'], summary: 'Liveness',
  description: 'Answers 200 while the process serves requests; checks nothing else.',
  responses: { 200: jsonContent(Health, 'Alive.') },
});

const readyz = createRoute({
  method: 'get', path: '/readyz', tags: ['System'], summary: 'Readiness',
  description: 'Answers 200 when the database answers a query, 503 otherwise.',
  responses: {
    200: jsonContent(Ready, 'Ready to serve.'),
    503: { description: 'A dependency is down.', content: { 'application/problem+json': { schema: problemResponses[500].content['application/problem+json'].schema } } },
  },
});

export function systemRoutes({ database, search }: AppDeps) {
  return new OpenAPIHono<AppEnv>()
    .openapi(healthz, (c) => {
      c.header('cache-control', 'no-store');
      return c.json({ status: 'ok' as const }, 200);
    })
    .openapi(readyz, async (c) => {
      c.header('cache-control', 'no-store');
      try {
        await database.rows(sql`select 1`);
      } catch (err) {
        c.get('logger').warn({ err, requestId: c.get('requestId') }, 'readiness check failed: database');
        throw new AppError('notReady', { detail: 'The database does not answer.' });
      }
      return c.json({ status: 'ok' as const, database: database.kind, search: search.name }, 200);
    });
}
