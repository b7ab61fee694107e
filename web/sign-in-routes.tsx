import { GitHub, generateState } from 'arctic';
import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { SignInForm, SignUpForm } from '../api/accounts/contracts.js';
import { signIn, signInWithGithub, signUp } from '../api/accounts/service.js';
import { clearSessionCookie, invalidateSession, setSessionCookie } from '../api/accounts/sessions.js';
import type { AppDeps } from '../api/lib/deps.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';
import { clientKey } from '../api/lib/rate-limit.js';
import type { FormState } from './components/forms.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { formOf, parseForm, stringValues } from './form-body.js';
import { SignInView, SignUpView } from './pages/auth.js';

type Deps = Pick<AppDeps, 'database' | 'publicUrl' | 'github' | 'rateLimit' | 'clock'>;

/** Only a path on this site may follow sign-in, never another origin. */
const safeNext = (next: unknown) => (typeof next === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(next) ? next : '/account');

export const sessionOf = (c: Context<AppEnv>) => {
  const p = c.get('principal');
  return p?.kind === 'session' ? p : null;
};

/** Signing up, in and out: with a password behind CSRF and the sign-in throttle, or with GitHub when configured. */
export function signInRoutes(deps: Deps) {
  const { database } = deps;
  const db = database.db;
  const now = () => deps.clock?.() ?? new Date();
  const secure = deps.publicUrl.startsWith('https:');
  const web = new Hono<AppEnv>();
  web.use('/sign-in', verifyCsrf(deps.publicUrl));
  web.use('/sign-up', verifyCsrf(deps.publicUrl));
  web.use('/sign-out', verifyCsrf(deps.publicUrl));

  const signInPage = (c: Context<AppEnv>, state?: FormState, status: 200 | 400 | 401 | 429 = 200) => {
    c.status(status);
    return c.render(<SignInView csrf={csrfToken(c, secure)} state={state} github={!!deps.github} next={c.req.query('next')} />, { title: 'Sign in', description: 'Sign in to Ferrite to publish metadata for the packages you own.' });
  };
  const signUpPage = (c: Context<AppEnv>, state?: FormState, status: 200 | 400 | 409 = 200) => {
    c.status(status);
    return c.render(<SignUpView csrf={csrfToken(c, secure)} state={state} />, { title: 'Create an account', description: 'Create a Ferrite account to publish metadata and compatibility reports.' });
  };

  web.get('/sign-in', (c) => (sessionOf(c) ? c.redirect('/account', 303) : signInPage(c)));
  web.post('/sign-in', async (c) => {
    const form = await formOf(c);
    const parsed = parseForm(SignInForm, form);
    if (!parsed.ok) return signInPage(c, parsed.state, 400);
    try {
      const { token, session } = await signIn(database, parsed.data, clientKey(c, deps.rateLimit?.trustProxy ?? false), now(), c.req.header('user-agent'));
      setSessionCookie(c, token, session.expiresAt, secure);
      return c.redirect(safeNext(form.next), 303);
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 401 && err.status !== 429)) throw err;
      if (err.headers?.['retry-after']) c.header('retry-after', err.headers['retry-after']);
      return signInPage(c, { message: err.detail, values: stringValues(form) }, err.status as 401);
    }
  });

  web.get('/sign-up', (c) => (sessionOf(c) ? c.redirect('/account', 303) : signUpPage(c)));
  web.post('/sign-up', async (c) => {
    const form = await formOf(c);
    const parsed = parseForm(SignUpForm, form);
    if (!parsed.ok) return signUpPage(c, parsed.state, 400);
    try {
      const { token, session } = await signUp(database, parsed.data, now(), c.req.header('user-agent'));
      setSessionCookie(c, token, session.expiresAt, secure);
      return c.redirect('/account', 303);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      return signUpPage(c, { message: err.detail, errors: err.errors, values: stringValues(form) }, 409);
    }
  });

  web.post('/sign-out', async (c) => {
    const s = sessionOf(c);
    if (s) await invalidateSession(db, s.session.id);
    clearSessionCookie(c, secure);
    return c.redirect('/', 303);
  });

  githubSignIn(web, deps, now, secure);
  return web;
}

const STATE_COOKIE = 'ferrite_github_state';

/**
 * "Sign in with GitHub" (OAuth through arctic), only when a client id and secret are configured.
 * The callback checks the state, exchanges the code, reads the GitHub login, and signs in the
 * account holding that verified identity, creating it on first use.
 */
function githubSignIn(web: Hono<AppEnv>, deps: Deps, now: () => Date, secure: boolean) {
  const cfg = deps.github;
  if (!cfg) {
    web.get('/sign-in/github', () => {
      throw new AppError('notAvailable', { detail: 'GitHub sign-in is not configured on this hub (GITHUB_CLIENT_ID, GITHUB_CLIENT_SECRET).' });
    });
    return;
  }
  const github = new GitHub(cfg.clientId, cfg.clientSecret, `${deps.publicUrl}/sign-in/github/callback`);
  web.get('/sign-in/github', (c) => {
    const state = generateState();
    setCookie(c, STATE_COOKIE, state, { httpOnly: true, sameSite: 'Lax', secure, path: '/', maxAge: 600 });
    return c.redirect(github.createAuthorizationURL(state, ['read:user']).toString(), 302);
  });
  web.get('/sign-in/github/callback', async (c) => {
    const state = c.req.query('state');
    const code = c.req.query('code');
    if (!state || !code || state !== getCookie(c, STATE_COOKIE)) throw new AppError('invalidRequest', { detail: 'The GitHub sign-in expired or did not start here. Try again.' });
    const tokens = await github.validateAuthorizationCode(code);
    const res = await fetch('https://api.github.com/user', { headers: { authorization: `Bearer ${tokens.accessToken()}`, 'user-agent': 'ferrite' } });
    if (!res.ok) throw new AppError('invalidRequest', { detail: 'GitHub did not confirm the account.' });
    const login = String(((await res.json()) as { login?: unknown }).login ?? '');
    const { token, session } = await signInWithGithub(deps.database, login, now(), c.req.header('user-agent'));
    setSessionCookie(c, token, session.expiresAt, secure);
    return c.redirect('/account', 303);
  });
}
