import type { Logger } from '../../api/lib/logger.js';
import { safeError } from '../../api/lib/safe-error.js';

type Guarded = Pick<NodeJS.Process, 'on' | 'off'>;

export type GuardOptions = {
  logger: Logger;
  /** Stops serving and closes the database (releasing the data folder's lock). */
  stop: () => Promise<void>;
  exit?: (code: number) => void;
  /** How long a stop after an uncaught exception may take before the process exits anyway. */
  stopDeadlineMs?: number;
  proc?: Guarded;
};

/**
 * The hub process's last line of defence.
 *
 * - A rejected promise nobody awaited (a fire-and-forget task, a library's background work) is
 *   logged once and the hub keeps serving: the request that caused it has had its answer already
 *   (app.onError), and dropping every other client for it would turn one bad input into an outage.
 * - An exception thrown outside any promise has unwound an unknown amount of state; Node's advice
 *   holds: log it, stop as cleanly as a deadline allows, and exit 1 for the supervisor to restart.
 *
 * Errors are logged through safeError, never with SQL parameters.
 */
export function installProcessGuards(o: GuardOptions): () => void {
  const proc = o.proc ?? process;
  const exit = o.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onRejection = (reason: unknown) => {
    o.logger.error({ err: safeError(reason) }, 'unhandled promise rejection; the hub keeps serving');
  };
  const onException = (err: unknown, origin?: string) => {
    o.logger.fatal({ err: safeError(err), origin }, 'uncaught exception; stopping the hub');
    if (stopping) return;
    stopping = true;
    const deadline = setTimeout(() => exit(1), o.stopDeadlineMs ?? 5_000);
    o.stop()
      .catch((stopErr) => o.logger.error({ err: safeError(stopErr) }, 'stopping after an uncaught exception failed'))
      .finally(() => {
        clearTimeout(deadline);
        exit(1);
      });
  };
  proc.on('unhandledRejection', onRejection);
  proc.on('uncaughtException', onException);
  return () => {
    proc.off('unhandledRejection', onRejection);
    proc.off('uncaughtException', onException);
  };
}
