import pino, { type Logger } from 'pino';

/**
 * Structured logs. Redaction is a second line of defence: request logging never passes
 * headers, bodies or query strings in the first place.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      base: undefined,
      redact: { paths: ['authorization', 'cookie', 'password', 'token', 'email', '*.authorization', '*.cookie', '*.password', '*.token', '*.email'], censor: '[redacted]' },
    },
    destination,
  );
}

export type { Logger };
