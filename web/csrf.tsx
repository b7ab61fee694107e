import type { Context, MiddlewareHandler } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { randomSecret } from '../api/accounts/secrets.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';

const COOKIE = 'ferrite_csrf';
const TOKEN = /^[a-z2-7]{32}$/;

/**
 * The form's CSRF token (double submit): a random value in an HttpOnly, SameSite=Strict cookie,
 * repeated in a hidden field. Another site can make a browser post a form, but cannot read or
 * set this cookie, so it cannot supply the matching field. Pages with forms are never cached.
 */
export function csrfToken(c: Context, secure: boolean): string {
  let token = getCookie(c, COOKIE);
  if (!token || !TOKEN.test(token)) {
    token = randomSecret();
    setCookie(c, COOKIE, token, { httpOnly: true, sameSite: 'Strict', secure, path: '/' });
  }
  c.header('cache-control', 'no-store');
  return token;
}

export const CsrfField = (props: { token: string }) => <input type="hidden" name="_csrf" value={props.token} />;

/** Refuses a form post from another origin or without the matching token, before the handler runs. */
export function verifyCsrf(publicUrl: string): MiddlewareHandler<AppEnv> {
  const allowed = new URL(publicUrl).origin;
  return async (c, next) => {
    if (c.req.method !== 'POST') return next();
    const origin = c.req.header('origin');
    if (origin && origin !== allowed && origin !== new URL(c.req.url).origin) {
      throw new AppError('forbidden', { detail: 'This form was posted from another site.' });
    }
    const body = await c.req.parseBody();
    const cookie = getCookie(c, COOKIE);
    if (!cookie || body._csrf !== cookie) {
      throw new AppError('forbidden', { detail: 'The form has expired or did not come from Ferrite. Reload the page and try again.' });
    }
    await next();
  };
}
