import { parseConfig } from '../../api/config.js';
import { openDatabase } from '../../api/db/client.js';
import { startProposalCloser } from '../../api/governance/scheduler.js';
import { createLogger } from '../../api/lib/logger.js';
import { safeError } from '../../api/lib/safe-error.js';
import { openSearchEngine } from '../../api/search/open.js';
import { startSearchDrain } from '../../indexer/sync/search-drain.js';

/** `ferrite worker`: drains the search outbox and closes due proposals, beside or instead of `serve`, until a signal. */
export async function workerCommand(): Promise<number> {
  const config = parseConfig(process.env);
  const database = await openDatabase(config.database, { max: 2, role: 'worker' });
  const engine = openSearchEngine(config, database);
  await engine.applySettings().catch((err) => process.stderr.write(`search engine not reachable yet: ${(err as Error).message}\n`));
  const drain = startSearchDrain(database, engine, { onError: (err) => process.stderr.write(`${safeError(err).message}; rows stay queued\n`) });
  const closer = startProposalCloser(database, createLogger(config.logLevel));
  process.stdout.write(`Draining search updates into ${engine.name} and closing due proposals; Ctrl-C stops.\n`);
  await new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  drain.stop();
  closer.stop();
  await database.close();
  return 0;
}
