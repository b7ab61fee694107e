import type { MiddlewareHandler } from 'hono';
import type { Database } from '../db/client.js';
import type { AppEnv } from '../lib/env.js';
import { AppError } from '../lib/problems.js';
import type { Principal } from './principal-type.js';
import { globAllows, type Scope } from './scopes.js';
import { type SessionUser, clearSessionCookie, readSessionCookie, validateSessionToken } from './sessions.js';
import { authenticateToken } from './tokens.js';

export type { Principal };


/**
 * Works out who is asking: `Authorization: Bearer frt_…` (API tokens) or the session cookie.
 * A bearer token that is unknown, revoked or expired is refused outright rather than treated
 * as anonymous, so a CI job with a dead token fails loudly.
 */
export function authenticate(database: Database, opts: { now: () => Date; secureCookies: boolean }): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const auth = c.req.header('authorization');
    if (auth) {
      const m = /^Bearer\s+(\S+)$/i.exec(auth);
      const p = m ? await authenticateToken(database.db, m[1]!, opts.now()) : null;
      if (!p) throw new AppError('unauthorized', { detail: 'The API token is unknown, revoked or expired.', headers: { 'www-authenticate': 'Bearer' } });
      c.set('principal', { kind: 'token', ...p });
    } else {
      const token = readSessionCookie(c, opts.secureCookies);
      if (token) {
        const s = await validateSessionToken(database.db, token, opts.now());
        if (s) c.set('principal', { kind: 'session', ...s });
        else clearSessionCookie(c, opts.secureCookies);
      }
    }
    await next();
  };
}

/** The signed-in account, or a 401. */
export function requireUser(p: Principal | undefined): SessionUser {
  if (!p) throw new AppError('unauthorized', { detail: 'Sign in, or send an API token as `Authorization: Bearer …`.', headers: { 'www-authenticate': 'Bearer' } });
  return p.user;
}

/**
 * A write on one package: a session may do what its account may; a token must also carry the
 * scope and cover the package with its glob. Ownership is checked separately, for both.
 */
export function requireScope(p: Principal | undefined, scope: Scope, packageName?: string): SessionUser {
  const user = requireUser(p);
  if (p!.kind === 'token') {
    if (!p!.scopes.includes(scope)) throw new AppError('forbidden', { detail: `This token lacks the '${scope}' scope.` });
    if (packageName !== undefined && !globAllows(p!.packageGlob, packageName)) {
      throw new AppError('forbidden', { detail: `This token is limited to packages matching '${p!.packageGlob}'.` });
    }
  }
  return user;
}
