/**
 * Serves the real app over the real catalog (seed crates, manifests, npm packuments, categories,
 * compatibility, search) on DATABASE_URL, beside a bare Hono route, and prints their ports as one
 * JSON line. The parent process generates the load, so the two never share a CPU queue.
 */
import path from 'node:path';
import { Writable } from 'node:stream';
import { serve as listen } from '@hono/node-server';
import { Hono } from 'hono';
import { createHub } from '../../bin/app.js';
import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { migrate } from '../../api/db/migrate.js';
import { createLogger } from '../../api/lib/logger.js';
import { PostgresSearchEngine } from '../../api/search/pg-engine.js';
import { indexCategories } from '../../indexer/commands/index-categories.js';
import { seedTargets } from '../../api/targets/seed.js';
import { buildSearchCatalog } from '../setup/search-catalog.js';
import { SHARED_DATA } from '../setup/shared-data.js';

const database = await openDatabase(parseConfig(process.env).database, { max: 10 });
await migrate(database);
await seedTargets(database);
await indexCategories(database, path.join(SHARED_DATA, 'crates-io-categories', 'categories.toml'));
const search = new PostgresSearchEngine(database);
await buildSearchCatalog(database, search);
const appWith = (pageCacheMs?: number) =>
  createHub({
    database,
    search,
    logger: createLogger('silent', new Writable({ write: (_c, _e, d) => d() })),
    publicUrl: 'http://127.0.0.1',
    rateLimit: { windowMs: 60_000, limit: 100_000_000, trustProxy: false },
    pageRateLimit: { windowMs: 60_000, limit: 100_000_000, trustProxy: false },
    pageCacheMs,
  });
const bare = new Hono().get('/', (c) => c.text('ok'));

const started = (fetch: (r: Request) => Response | Promise<Response>) =>
  new Promise<number>((resolve) => {
    const server = listen({ fetch, port: 0, hostname: '127.0.0.1' }, (info) => resolve(info.port));
    process.once('SIGTERM', () => server.close());
  });
const [appPort, uncachedPort, barePort] = [await started(appWith().fetch), await started(appWith(0).fetch), await started(bare.fetch)];
process.stdout.write(JSON.stringify({ appPort, uncachedPort, barePort }) + '\n');
process.once('SIGTERM', async () => {
  await database.close();
  process.exit(0);
});
