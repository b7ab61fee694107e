import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomSecret, secretHash } from '../api/accounts/secrets.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';
import { isOwnOrigin } from '../api/lib/origin.js';

const COOKIE = 'ferrite_csrf';
const TOKEN = /^[a-z2-7]{32}$/;

/**
 * The form's CSRF token. Signed in, it is bound to the session: derived from the session's id (itself
 * the SHA-256 of the secret cookie), so a token seen in one session is worthless in another, and
 * signing out or in changes it. Signed out (the sign-in and sign-up forms), it is a double submit: a
 * random value in an HttpOnly, SameSite=Strict cookie, repeated in a hidden field. Another site can
 * make a browser post a form but can read neither. Pages with forms are never cached.
 */
export function csrfToken(c: Context<AppEnv>, secure: boolean): string {
  c.header('cache-control', 'no-store');
  const bound = sessionBound(c);
  if (bound) return bound;
  let token = getCookie(c, COOKIE);
  if (!token || !TOKEN.test(token)) {
    token = randomSecret();
    setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
  }
  return token;
}

function sessionBound(c: Context<AppEnv>): string | null {
  const p = c.get('principal');
  return p?.kind === 'session' ? secretHash(`csrf:${p.session.id}`).slice(0, 32) : null;
}

export const CsrfField = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** Refuses a form post from another origin or without the matching token, before the handler runs. */
export function verifyCsrf(publicUrl: string): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    // A form may come without Origin (older browsers, privacy settings): the token below decides then.
    const origin = c.req.header('origin');
    if (origin && !isOwnOrigin(origin, c.req.url, publicUrl)) {
      throw new AppError('forbidden', { detail: 'This form was posted from another site.' });
    }
    const body = await c.req.parseBody();
    const expected = sessionBound(c) ?? getCookie(c, COOKIE);
    if (!expected || body._csrf !== expected) {
      throw new AppError('forbidden', { detail: 'The form has expired or did not come from Ferrite. Reload the page and try again.' });
    }
    await next();
  };
}
