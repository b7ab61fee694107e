import { parseConfig } from '../../api/config.js';
import { createLogger } from '../../api/lib/logger.js';
import { safeError } from '../../api/lib/safe-error.js';
import { serve } from '../main.js';
import { seedTargets } from '../../api/targets/seed.js';
import { offerFirstIndex } from '../../indexer/commands/first-index.js';
import { installProcessGuards } from './process-guards.js';

/**
 * `ferrite serve`: the hub, until SIGINT or SIGTERM, after which it stops serving and closes the
 * database, freeing the embedded database's folder for the next process.
 */
export async function serveCommand(env: Record<string, string | undefined> = process.env): Promise<number> {
  const logger = createLogger(parseConfig(env).logLevel);
  let server: Awaited<ReturnType<typeof serve>> | undefined;
  installProcessGuards({ logger, stop: async () => server?.stop() });
  // Listening from the start: a signal during start-up stops the hub as soon as it is up.
  const stopSignal = new Promise<void>((resolve) => {
    for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => resolve());
  });
  server = await serve(env, { logger });
  await seedTargets(server.database);
  // The hub serves at once; a first indexing of an empty catalog runs beside it.
  offerFirstIndex(server.database, env, { input: process.stdin, out: process.stderr }, server.archives).catch((err) =>
    logger.error({ err: safeError(err) }, 'first indexing failed; the hub keeps serving'),
  );
  await stopSignal;
  process.stdout.write('Stopping…\n');
  await server.stop();
  return 0;
}
