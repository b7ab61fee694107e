import { Writable } from 'node:stream';
import { afterAll, beforeAll } from 'vitest';
import type { AppDeps } from '../../api/lib/deps.js';
import { createHub } from '../../bin/app.js';
import type { Database } from '../../api/db/client.js';
import { createLogger } from '../../api/lib/logger.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { freshDatabase } from './db.js';

export type TestContext = {
  database: Database;
  app: ReturnType<typeof createHub>;
  /** Every log line the app wrote, so tests can check what is (and is not) logged. */
  logLines: string[];
};

/** Registers hooks that give the test file a fresh database and the real app over it. */
export function useTestApp(overrides: Partial<AppDeps> = {}): TestContext {
  const ctx = { logLines: [] as string[] } as TestContext;
  beforeAll(async () => {
    ctx.database = await freshDatabase();
    const sink = new Writable({
      write(chunk, _enc, done) {
        ctx.logLines.push(...String(chunk).split('\n').filter(Boolean));
        done();
      },
    });
    ctx.app = createHub({
      database: ctx.database,
      logger: createLogger('info', sink),
      search: new PostgresSearchEngine(ctx.database),
      publicUrl: 'http://ferrite.test',
      // Tests make thousands of requests from one "client"; rate limiting has its own test.
      rateLimit: { windowMs: 60_000, limit: 1_000_000, trustProxy: false },
      formRateLimit: { windowMs: 60_000, limit: 1_000_000, trustProxy: false },
      pageRateLimit: { windowMs: 60_000, limit: 1_000_000, trustProxy: false },
      ...overrides,
    });
  });
  afterAll(async () => {
    await ctx.database?.close();
  });
  return ctx;
}

/** Parses a response body, printing it when the status is not the one expected. */
export async function expectJson<T = any>(res: Response, status: number): Promise<T> {
  const text = await res.text();
  if (res.status !== status) throw new Error(`expected ${status}, got ${res.status}: ${text}`);
  return JSON.parse(text) as T;
}

/** Asserts an RFC 9457 problem response and returns it. */
export async function expectProblem(res: Response, status: number, code?: string) {
  const body = await expectJson(res, status);
  if (!res.headers.get('content-type')?.startsWith('application/problem+json')) {
    throw new Error(`expected problem+json, got ${res.headers.get('content-type')}`);
  }
  for (const key of ['type', 'title', 'status', 'code', 'requestId']) {
    if (!(key in body)) throw new Error(`problem lacks '${key}': ${JSON.stringify(body)}`);
  }
  if (code && body.code !== code) throw new Error(`expected problem code ${code}, got ${body.code}`);
  return body as { type: string; title: string; status: number; code: string; requestId: string; detail?: string; errors?: { path: string; message: string }[] };
}
