import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context, MiddlewareHandler } from 'hono';
import { rateLimiter } from 'hono-rate-limiter';
import type { AppEnv } from './env.js';
import { AppError } from './problems.js';

export type RateLimitConfig = { windowMs: number; limit: number; trustProxy: boolean };

/**
 * Per-client fixed-window limit. The client is the socket's address; `X-Forwarded-For` is only
 * believed behind a proxy we were told about (TRUST_PROXY), or any caller could pick a fresh key
 * per request.
 */
export function rateLimit(cfg: RateLimitConfig): MiddlewareHandler<AppEnv> {
  return rateLimiter<AppEnv>({
    windowMs: cfg.windowMs,
    limit: cfg.limit,
    standardHeaders: 'draft-7',
    keyGenerator: (c) => clientKey(c, cfg.trustProxy),
    handler: (c) => {
      const reset = c.get('rateLimit' as never) as { resetTime?: Date } | undefined;
      const seconds = reset?.resetTime ? Math.max(1, Math.ceil((reset.resetTime.getTime() - Date.now()) / 1000)) : 60;
      throw new AppError('rateLimited', { detail: `Try again in ${seconds} s.`, headers: { 'retry-after': String(seconds) } });
    },
  });
}

/**
 * Behind one trusted proxy, the client is the last `X-Forwarded-For` entry: the one that proxy
 * appended. Earlier entries came from the client and may be anything it likes.
 */
export function clientKey(c: Context, trustProxy: boolean): string {
  if (trustProxy) {
    const forwarded = c.req.header('x-forwarded-for')?.split(',').at(-1)?.trim();
    if (forwarded) return forwarded;
  }
  try {
    return getConnInfo(c).remote.address ?? 'unknown';
  } catch {
    // app.request() in tests has no socket: every caller is the same local client.
    return 'local';
  }
}
