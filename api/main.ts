import { serve as serveHttp } from '@hono/node-server';
import { createApp, DEFAULT_FORM_RATE_LIMIT, DEFAULT_PAGE_RATE_LIMIT, DEFAULT_RATE_LIMIT } from './app.js';
import { describeDatabase, parseConfig } from './config.js';
import { openDatabase } from './db/client.js';
import { migrate } from './db/migrate.js';
import { createLogger } from './lib/logger.js';
import { openSearchEngine } from './search/open.js';
import { startSearchDrain } from '../indexer/sync/search-drain.js';
import { startProposalCloser } from './governance/scheduler.js';

/**
 * Entry point of the hub: parse config, build the real dependencies, migrate, serve.
 * Returns a function that stops the server and closes the database.
 */
export async function serve(env: Record<string, string | undefined> = process.env) {
  const config = parseConfig(env);
  const logger = createLogger(config.logLevel);
  const database = await openDatabase(config.database);
  await migrate(database);
  const search = openSearchEngine(config, database);
  const searchEngineName = config.search.kind === 'meilisearch' ? `Meilisearch at ${config.search.host}` : 'embedded PostgreSQL full-text';
  await search.applySettings().catch((err) => logger.warn({ err }, 'search engine not reachable at start; updates wait in the outbox'));
  const app = createApp({
    database, logger, search, publicUrl: config.publicUrl, github: config.github,
    rateLimit: { ...DEFAULT_RATE_LIMIT, trustProxy: config.trustProxy },
    formRateLimit: { ...DEFAULT_FORM_RATE_LIMIT, trustProxy: config.trustProxy },
    pageRateLimit: { ...DEFAULT_PAGE_RATE_LIMIT, trustProxy: config.trustProxy },
  });
  // Search updates flow from the outbox in-process; `ferrite worker` can do it from another process instead.
  const drain = startSearchDrain(database, search, { onError: (err) => logger.warn({ err }, 'search drain failed; rows stay queued') });
  const closer = startProposalCloser(database, logger);
  const server = serveHttp({ fetch: app.fetch, port: config.port, hostname: config.host });
  await new Promise<void>((resolve) => server.once('listening', () => resolve()));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    `Ferrite is running at http://${config.host}:${port}/`,
    `  database: ${describeDatabase(config.database)}`,
    `  search:   ${searchEngineName}`,
    `  API docs: http://${config.host}:${port}/api/docs`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return {
    port,
    database,
    search,
    async stop() {
      drain.stop();
      closer.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
