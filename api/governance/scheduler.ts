import type { Database } from '../db/client.js';
import type { Logger } from '../lib/logger.js';
import { closeDue } from './service.js';

const EVERY_MS = 30_000;

/**
 * Closes proposals on time: every 30 s, in `serve` and in `ferrite worker` alike. Running in
 * several processes at once is safe (closeDue claims each proposal with SKIP LOCKED).
 */
export function startProposalCloser(database: Database, logger: Pick<Logger, 'info' | 'warn'>, now: () => Date = () => new Date()) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const closed = await closeDue(database, now());
      if (closed.length) logger.info({ proposals: closed }, 'proposals closed');
    } catch (err) {
      logger.warn({ err }, 'closing due proposals failed; will retry');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, EVERY_MS);
  timer.unref();
  void tick();
  return { stop: () => clearInterval(timer) };
}
