import type { MiddlewareHandler } from 'hono';
import type { AppEnv } from '../lib/env.js';
import { AppError } from '../lib/problems.js';
import { requireUser } from './principal.js';
import type { Scope } from './scopes.js';
import { isOwnOrigin } from '../lib/origin.js';

/**
 * Who may call an API route, declared once beside the route: the same value becomes the route's
 * middleware (`authorize`) and its OpenAPI `x-ferrite-access`, so the document and the check cannot drift.
 *
 * - `anyone`: public reads.
 * - `signed-in`: any credential of an account (reads about the caller).
 * - `session`: a signed-in browser session only; tokens are refused. Managing tokens is a session's
 *   business (as on crates.io): a leaked token must not list or revoke its owner's other tokens.
 * - `token`: an API token carrying `scope`. Sessions are refused, so no other site can make a signed-in
 *   browser write through the API. `packageGlob: 'checked'` routes act on one package and check the
 *   token's glob against it (in the service, which knows the package); `'refused'` routes act on no
 *   package, so a glob-limited token (`tokio-*`) may not use them at all.
 */
export type Access =
  | { credential: 'anyone' }
  | { credential: 'signed-in' }
  | { credential: 'session' }
  | { credential: 'token'; scope: Scope; packageGlob: 'checked' | 'refused' };

export const access = {
  anyone: { credential: 'anyone' } as Access,
  signedIn: { credential: 'signed-in' } as Access,
  session: { credential: 'session' } as Access,
  token: (scope: Scope, packageGlob: 'checked' | 'refused'): Access => ({ credential: 'token', scope, packageGlob }),
};

const bearer = [{ bearerAuth: [] as string[] }];
const cookie = [{ sessionCookie: [] as string[] }];

/** The parts of a route definition an access rule fixes: its security, its documented rule, its check. */
export function guarded(a: Access) {
  const security = a.credential === 'token' ? bearer : a.credential === 'session' ? cookie : a.credential === 'signed-in' ? [...bearer, ...cookie] : [];
  return { security, 'x-ferrite-access': a, middleware: authorize(a) } as const;
}

export function authorize(a: Access): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const p = c.get('principal');
    if (a.credential !== 'anyone') requireUser(p);
    if (a.credential === 'session' && p!.kind !== 'session') {
      throw new AppError('forbidden', { detail: 'Tokens are managed from a signed-in session (the account page), not with a token.' });
    }
    // Cookies ride along on cross-site requests; a session's write must come from this site's own
    // pages, and say so: a missing Origin is refused too (the API has no form token to fall back on).
    const origin = c.req.header('origin');
    if (p?.kind === 'session' && c.req.method !== 'GET' && c.req.method !== 'HEAD' && !(origin && isOwnOrigin(origin, c.req.url, c.get('publicUrl')))) {
      throw new AppError('forbidden', { detail: 'A write with a session must come from this site (Origin header).' });
    }
    if (a.credential === 'token') {
      if (p!.kind !== 'token') throw new AppError('forbidden', { detail: 'API writes take an API token (Authorization: Bearer …); in a browser, use the forms.' });
      if (!p!.scopes.includes(a.scope)) throw new AppError('forbidden', { detail: `This token lacks the '${a.scope}' scope.` });
      if (a.packageGlob === 'refused' && p!.packageGlob !== null) {
        throw new AppError('forbidden', { detail: `This token is limited to packages matching '${p!.packageGlob}', and this action concerns no package.` });
      }
    }
    await next();
  };
}
