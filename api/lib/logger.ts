import pino, { type Logger } from 'pino';
import { safeError } from './safe-error.js';

/**
 * Structured logs. Redaction is a second line of defence: request logging never passes
 * headers, bodies or query strings in the first place, and errors go through `safeError`.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      // Errors are logged as type, message, code and stack only: a failed query's parameters (password
      // hashes, token hashes, ballot salts) never reach a log line.
      serializers: { err: safeError },
      redact: { paths: ['authorization', 'cookie', 'password', 'token', 'email', '*.authorization', '*.cookie', '*.password', '*.token', '*.email'], censor: '[redacted]' },
    },
    destination,
  );
}

export type { Logger };
