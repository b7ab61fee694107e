import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { jsonContent } from '../lib/openapi.js';

const Health = z.object({ status: z.literal('ok') }).openapi('Health');
const Check = z.object({ ok: z.boolean(), detail: z.string() });
const Ready = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    database: z.enum(['postgres', 'pglite']),
    search: z.string(),
    checks: z.object({
      database: Check,
      search: Check,
      outbox: z.object({ pending: z.number().int(), oldestPendingSeconds: z.number().int().nullable() }),
    }),
  })
  .openapi('Readiness');

/** How long a check may take before it counts as down: a readiness probe must answer promptly. */
const CHECK_TIMEOUT_MS = 2_000;

async function check(what: () => Promise<{ ok: boolean; detail: string }>): Promise<{ ok: boolean; detail: string }> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS)));
  try {
    return await Promise.race([what(), timeout]);
  } catch (err) {
    return { ok: false, detail: err instanceof Error ? err.message.split('\n')[0]!.slice(0, 200) : 'failed' };
  } finally {
    clearTimeout(timer);
  }
}

const healthz = createRoute({
  method: 'get', path: '/healthz', tags: ['System'], summary: 'Liveness',
  description: 'Answers 200 while the process serves requests; checks nothing else.',
  responses: { 200: jsonContent(Health, 'Alive.') },
});

const readyz = createRoute({
  method: 'get', path: '/readyz', tags: ['System'], summary: 'Readiness',
  description: 'Each dependency: the database, the search engine, and the outbox (search updates waiting, and the age of the oldest). 200 when the database and the search engine answer, 503 with the same body otherwise.',
  responses: {
    200: jsonContent(Ready, 'Ready to serve.'),
    503: jsonContent(Ready, 'A dependency is down; `checks` says which.'),
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
      let outbox = { pending: 0, oldestPendingSeconds: null as number | null };
      const [db, engine] = await Promise.all([
        check(async () => {
          const [row] = await database.rows<{ pending: number; oldest: number | null }>(
            sql`select count(*)::int as pending, extract(epoch from now() - min(created_at))::int as oldest from outbox where processed_at is null`,
          );
          outbox = { pending: row!.pending, oldestPendingSeconds: row!.oldest };
          return { ok: true, detail: database.kind };
        }),
        check(() => search.health()),
      ]);
      const ok = db.ok && engine.ok;
      if (!ok) c.get('logger').warn({ requestId: c.get('requestId'), database: db.detail, search: engine.detail }, 'readiness check failed');
      return c.json({ status: ok ? ('ok' as const) : ('unavailable' as const), database: database.kind, search: search.name, checks: { database: db, search: engine, outbox } }, ok ? 200 : 503);
    });
}
