import { serve as serveHttp } from '@hono/node-server';
import { DEFAULT_FORM_RATE_LIMIT, DEFAULT_PAGE_RATE_LIMIT, DEFAULT_RATE_LIMIT } from '../api/lib/deps.js';
import { createHub } from './app.js';
import { ConfigError, describeDatabase, parseConfig } from '../api/config.js';
import { openDatabase } from '../api/db/client.js';
import { migrate } from '../api/db/migrate.js';
import { createLogger, type Logger } from '../api/lib/logger.js';
import { safeError } from '../api/lib/safe-error.js';
import { openSearchEngine } from '../api/search/open.js';
import { startSearchDrain } from '../indexer/sync/search-drain.js';
import { startProposalCloser } from '../api/governance/scheduler.js';
import { startTransparencyLog } from '../api/transparency/start.js';
import { ArchiveStore } from '../api/archives/store.js';
import type { ArchiveMirrorDeps } from '../api/registry/mirror.js';
import { askCargoForItsRegistry, cargoHome, resolveUpstreamIndex } from '../api/archives/upstream.js';
import { startDailySnapshot } from '../api/export/snapshot.js';
import path from 'node:path';

/**
 * Entry point of the hub: parse config, build the real dependencies, migrate, serve.
 * Returns a function that stops the server and closes the database (which frees the embedded
 * database's folder for the next process).
 */
export async function serve(env: Record<string, string | undefined> = process.env, opts: { logger?: Logger } = {}) {
  const config = parseConfig(env);
  const logger = opts.logger ?? createLogger(config.logLevel);
  const database = await openDatabase(config.database, { role: 'hub' });
  let logKey: string;
  try {
    await migrate(database);
    logKey = await startTransparencyLog(database, config);
  } catch (err) {
    await database.close().catch(() => {});
    throw err;
  }
  const search = openSearchEngine(config, database);
  const searchEngineName = config.search.kind === 'meilisearch' ? `Meilisearch at ${config.search.host}` : 'embedded PostgreSQL full-text';
  await search.applySettings().catch((err) => logger.warn({ err: safeError(err) }, 'search engine not reachable at start; updates wait in the outbox'));
  const upstreamIndex = resolveUpstreamIndex(config.archives.upstreamSetting, config.archives.cargoHome);
  const home = cargoHome(config.archives.cargoHome);
  // The mirror reads its upstream on every request: a registry the first start learns from cargo is
  // set here, so the running hub fetches missing archives from it without a restart.
  const mirror: ArchiveMirrorDeps = { store: new ArchiveStore(config.archives.dir), upstreamIndex };
  const archives = {
    store: mirror.store, cargoHome: home,
    get upstreamIndex() {
      return mirror.upstreamIndex;
    },
    // FERRITE_UPSTREAM_INDEX=none means no registry at all; else a first start may ask cargo which one it uses.
    discoverUpstream: config.archives.upstreamSetting === 'none' ? undefined : async () => {
      const found = await askCargoForItsRegistry(home, 'serde');
      if (found && !mirror.upstreamIndex) {
        mirror.upstreamIndex = found;
        logger.info({ upstream: found }, 'archives: missing ones now fetched from the registry cargo uses');
      }
      return found;
    },
  };
  const app = createHub({
    database, logger, search, publicUrl: config.publicUrl, github: config.github,
    archives: mirror,
    exportsDir: path.join(config.dataDir, 'exports'),
    rateLimit: { ...DEFAULT_RATE_LIMIT, trustProxy: config.trustProxy },
    formRateLimit: { ...DEFAULT_FORM_RATE_LIMIT, trustProxy: config.trustProxy },
    pageRateLimit: { ...DEFAULT_PAGE_RATE_LIMIT, trustProxy: config.trustProxy },
  });
  // Search updates flow from the outbox in-process; `ferrite worker` can do it from another process instead.
  const drain = startSearchDrain(database, search, { onError: (err) => logger.warn({ err: safeError(err) }, 'search drain failed; rows stay queued') });
  const closer = startProposalCloser(database, logger);
  const server = serveHttp({ fetch: app.fetch, port: config.port, hostname: config.host });
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('listening', () => resolve());
      server.once('error', reject);
    });
  } catch (err) {
    drain.stop();
    closer.stop();
    await database.close().catch(() => {});
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') throw new ConfigError(`cannot listen on ${config.host}:${config.port}: the port is in use; stop what uses it or set PORT`);
    if (code === 'EACCES') throw new ConfigError(`cannot listen on ${config.host}:${config.port}: permission denied; set PORT above 1023`);
    if (code === 'EADDRNOTAVAIL') throw new ConfigError(`cannot listen on ${config.host}:${config.port}: no such address on this machine; fix HOST`);
    throw err;
  }
  // The daily export at /api/v1/export/latest.tar.gz.
  const snapshots = startDailySnapshot(database, path.join(config.dataDir, 'exports'), logger);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const lines = [
    `Ferrite is running at http://${config.host}:${port}/`,
    `  database: ${describeDatabase(config.database)}`,
    `  search:   ${searchEngineName}`,
    `  API docs: http://${config.host}:${port}/api/docs`,
    `  log key:  ${logKey}`,
    `  archives: ${config.archives.dir}${upstreamIndex ? `, missing ones fetched from ${upstreamIndex}` : ', no upstream (stored archives only)'}`,
  ];
  process.stdout.write(lines.join('\n') + '\n');
  return {
    port,
    database,
    logger,
    /** The archive store and its sources, for the first start's archive step. */
    archives,
    search,
    async stop() {
      drain.stop();
      closer.stop();
      snapshots.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await database.close();
    },
  };
}
