import type { Context } from 'hono';
import { Hono } from 'hono';
import { getCookie } from 'hono/cookie';
import { ChangePasswordForm, IdentityForm, NewTokenForm } from '../api/accounts/contracts.js';
import type { Principal } from '../api/accounts/principal.js';
import { changePassword, claimIdentity, createToken, identitiesOf, listSessions, ownedPackages, revokeOwnToken, revokeSession } from '../api/accounts/service.js';
import { sessionCookieName } from '../api/accounts/sessions.js';
import { flashToken, takeFlashedToken } from '../api/accounts/token-flash.js';
import { listTokens } from '../api/accounts/tokens.js';
import type { AppDeps } from '../api/lib/deps.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';
import { AffiliationInput, addAffiliation, removeAffiliation } from '../api/contributors/affiliations.js';
import { personOfUser } from '../api/contributors/people.js';
import { accountProfile, decideSuggestion, setHidden } from '../api/contributors/service.js';
import { answerInvitation, pendingInvitations } from '../api/owners/service.js';
import type { FormState } from './components/forms.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { formOf, parseForm } from './form-body.js';
import { AccountView } from './pages/account.js';
import { sessionOf } from './sign-in-routes.js';

type Deps = Pick<AppDeps, 'database' | 'publicUrl' | 'clock'>;

const NOTICES: Record<string, string> = {
  'token-revoked': 'The token is revoked; requests using it are refused from now on.',
  'token-created': 'The token was created. It was shown once and cannot be shown again: if you did not copy it, revoke it below and create another.',
  'session-revoked': 'That session is signed out.',
  'password-changed': 'Password changed. Every other session was signed out.',
  'identity-added': 'Identity added as an unverified claim.',
  'invitation-accepted': 'You are now an owner.',
  'invitation-declined': 'Invitation declined.',
  'profile-hidden': 'Your contributor profile is hidden from public pages and the API.',
  'profile-shown': 'Your contributor profile is public again.',
  'merge-accepted': 'Merged: those identities and their contributions are now on your profile. An admin or you can undo it.',
  'merge-rejected': 'Noted: that person stays apart from you.',
  'affiliation-added': 'Affiliation added.',
  'affiliation-removed': 'Affiliation removed.',
};

/** The signed-in account page and its forms: tokens, sessions, password, identities, invitations, the contributor profile. */
export function accountRoutes(deps: Deps) {
  const { database } = deps;
  const db = database.db;
  const now = () => deps.clock?.() ?? new Date();
  const secure = deps.publicUrl.startsWith('https:');
  const web = new Hono<AppEnv>();
  web.use('/account/*', verifyCsrf(deps.publicUrl));

  /** The account page, for a signed-in browser session only (API tokens do not open web pages). */
  const requireSession = (c: Context<AppEnv>) => {
    const s = sessionOf(c);
    if (!s) throw new AppError('unauthorized', { detail: 'Sign in to see your account.' });
    return s;
  };
  const accountPage = async (c: Context<AppEnv>, extra: { newToken?: string; state?: FormState; section?: string; status?: 200 | 400 | 409 } = {}) => {
    const s = requireSession(c);
    const [identities, sessions, tokens, owned, invitations, profile] = [
      await identitiesOf(db, s.user.id),
      await listSessions(db, s.user.id),
      await listTokens(db, s.user.id),
      await ownedPackages(db, s.user.id),
      await pendingInvitations(db, s.user.id, now()),
      await accountProfile(database, s.user.username),
    ];
    c.status(extra.status ?? 200);
    return c.render(
      <AccountView
        data={{ user: s.user, currentSessionId: s.session.id, identities, sessions, tokens, owned, invitations, profile }}
        csrf={csrfToken(c, secure)}
        newToken={extra.newToken}
        notice={NOTICES[c.req.query('done') ?? '']}
        state={extra.state}
        section={extra.section}
      />,
      { title: 'Your account', description: 'Your Ferrite account: packages, identities, API tokens and sessions.' },
    );
  };

  web.get('/account', async (c) => {
    const s = sessionOf(c);
    if (!s) return c.redirect('/sign-in?next=/account', 303);
    const newToken = c.req.query('done') === 'token-created' ? await takeFlashedToken(db, { id: s.session.id, cookieToken: getCookie(c, sessionCookieName(secure)) ?? '' }, now()) : null;
    // The page with a token on it must never be stored by a browser or a proxy.
    if (newToken) c.header('cache-control', 'no-store');
    return accountPage(c, { newToken: newToken ?? undefined });
  });

  web.post('/account/tokens', async (c) => {
    const s = requireSession(c);
    const parsed = parseForm(NewTokenForm, await formOf(c));
    if (!parsed.ok) return accountPage(c, { state: parsed.state, section: 'token', status: 400 });
    const t = parsed.data;
    const expiresAt = t.expiresInDays === 'never' ? null : new Date(now().getTime() + Number(t.expiresInDays) * 86_400_000);
    await db.transaction(async (tx) => {
      const created = await createToken(tx, s, { name: t.name, scopes: t.scopes, packageGlob: t.packageGlob, expiresAt });
      // Shown once on the page the redirect leads to, so a reload never resubmits the form.
      await flashToken(tx, { id: s.session.id, cookieToken: getCookie(c, sessionCookieName(secure)) ?? '' }, created.row.id, created.token, now());
    });
    return c.redirect('/account?done=token-created#new-token', 303);
  });

  web.post('/account/tokens/:id/revoke', async (c) => {
    const s = requireSession(c);
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new AppError('notFound', { detail: 'You have no live token with that id.' });
    await revokeOwnToken(database, s, id, now());
    return c.redirect('/account?done=token-revoked#tokens', 303);
  });

  web.post('/account/sessions/revoke', async (c) => {
    const s = requireSession(c);
    const { session } = await formOf(c);
    if (typeof session !== 'string' || !(await revokeSession(db, s.user.id, session))) throw new AppError('notFound', { detail: 'You have no such session.' });
    return c.redirect('/account?done=session-revoked#sessions', 303);
  });

  web.post('/account/password', async (c) => {
    const s = requireSession(c);
    const parsed = parseForm(ChangePasswordForm, await formOf(c));
    if (!parsed.ok) return accountPage(c, { state: parsed.state, section: 'password', status: 400 });
    try {
      await changePassword(database, s.user, s.session.id, parsed.data, now());
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 400) throw err;
      return accountPage(c, { state: { message: err.detail, errors: err.errors }, section: 'password', status: 400 });
    }
    return c.redirect('/account?done=password-changed#password', 303);
  });

  web.post('/account/identities', async (c) => {
    const s = requireSession(c);
    const parsed = parseForm(IdentityForm, await formOf(c));
    if (!parsed.ok) return accountPage(c, { state: parsed.state, section: 'identity', status: 400 });
    try {
      await claimIdentity(database, s.user, parsed.data);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 409) throw err;
      return accountPage(c, { state: { message: err.detail }, section: 'identity', status: 409 });
    }
    return c.redirect('/account?done=identity-added#identities', 303);
  });

  for (const answer of ['accept', 'decline'] as const) {
    web.post(`/account/invitations/:id/${answer}`, async (c) => {
      const s = requireSession(c);
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id)) throw new AppError('notFound');
      await answerInvitation(database, s as Principal, id, answer === 'accept', now());
      return c.redirect(`/account?done=invitation-${answer}ed#packages`, 303);
    });
  }

  // The contributor profile: the same verbs as the API, from the signed-in session.
  const ownProfile = async (c: Context<AppEnv>) => {
    const id = await personOfUser(db, requireSession(c).user.username);
    if (id === null) throw new AppError('notFound', { detail: 'Your account has no contributor profile yet.' });
    return id;
  };
  for (const hidden of [true, false]) {
    web.post(`/account/profile/${hidden ? 'hide' : 'show'}`, async (c) => {
      await setHidden(database, requireSession(c) as Principal, await ownProfile(c), hidden, now());
      return c.redirect(`/account?done=profile-${hidden ? 'hidden' : 'shown'}#profile`, 303);
    });
  }
  for (const accept of [true, false]) {
    web.post(`/account/merge-suggestions/:id/${accept ? 'accept' : 'reject'}`, async (c) => {
      const id = Number(c.req.param('id'));
      if (!Number.isSafeInteger(id)) throw new AppError('notFound');
      await decideSuggestion(database, requireSession(c) as Principal, id, accept, now());
      return c.redirect(`/account?done=merge-${accept ? 'accepted' : 'rejected'}#profile`, 303);
    });
  }
  web.post('/account/affiliations', async (c) => {
    const personId = await ownProfile(c);
    // Empty date fields mean "open-ended", which the schema spells as absent.
    const form = Object.fromEntries(Object.entries(await formOf(c)).filter(([, v]) => v !== ''));
    const parsed = parseForm(AffiliationInput, form);
    if (!parsed.ok) return accountPage(c, { state: parsed.state, section: 'affiliation', status: 400 });
    await addAffiliation(database, requireSession(c) as Principal, personId, parsed.data, now());
    return c.redirect('/account?done=affiliation-added#profile', 303);
  });
  web.post('/account/affiliations/:id/remove', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id)) throw new AppError('notFound');
    await removeAffiliation(database, requireSession(c) as Principal, await ownProfile(c), id, now());
    return c.redirect('/account?done=affiliation-removed#profile', 303);
  });

  return web;
}
