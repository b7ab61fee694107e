import type { Context } from 'hono';
import { Hono } from 'hono';
import type { Principal } from '../api/accounts/principal.js';
import type { AppDeps } from '../api/lib/deps.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError } from '../api/lib/problems.js';
import { metadataHistory, parseManifest, publishMetadata } from '../api/metadata/service.js';
import { inviteOwner, ownersOf, removeOwner, requireOwner } from '../api/owners/service.js';
import { requirePackage } from '../api/packages/service.js';
import type { FormState } from './components/forms.js';
import { packageHref } from './components/package-list.js';
import { csrfToken, verifyCsrf } from './csrf.js';
import { formOf } from './form-body.js';
import { ManageView, manifestFromForm } from './pages/manage.js';

type Deps = Pick<AppDeps, 'database' | 'publicUrl' | 'clock'>;

/** Owners' pages: publish metadata and manage owners from a browser, behind the session and CSRF checks. */
export function manageRoutes(deps: Deps) {
  const { database } = deps;
  const db = database.db;
  const now = () => deps.clock?.() ?? new Date();
  const secure = deps.publicUrl.startsWith('https:');
  const web = new Hono<AppEnv>();
  web.use('/manage/*', verifyCsrf(deps.publicUrl));

  /** The package and the signed-in owner (or admin); anyone else is refused before anything is read or written. */
  const ownerOf = async (c: Context<AppEnv>) => {
    const p = c.get('principal');
    if (p?.kind !== 'session') throw new AppError('unauthorized', { detail: 'Sign in to manage a package.' });
    const ecosystem = c.req.param('ecosystem');
    if (ecosystem !== 'crates' && ecosystem !== 'npm') throw new AppError('notFound');
    const pkg = await requirePackage(db, ecosystem, c.req.param('name')!);
    await requireOwner(db, pkg, p.user).catch(async (err) => {
      if (!(err instanceof AppError) || err.code !== 'forbidden') throw err;
      throw new AppError('forbidden', { detail: await howToOwn(pkg) });
    });
    return { p: p as Principal, pkg };
  };

  /** A refused visitor learns how owners are made and whom to ask, instead of a bare "forbidden". */
  const howToOwn = async (pkg: { id: number; ecosystem: 'crates' | 'npm'; name: string }) => {
    const owners = (await ownersOf(db, pkg.id)).map((o) => o.username);
    const ask = owners.length ? `Ask an owner (${owners.join(', ')}) to invite you from this page; you accept the invitation on your account page.` : `${pkg.name} has no owner on Ferrite yet.`;
    const github = pkg.ecosystem === 'crates' ? ' If you own it on crates.io, sign in with GitHub (or add your GitHub login on your account page): a verified login that crates.io lists as an owner makes you one here.' : '';
    return `You are not an owner of ${pkg.name}, so you cannot change its metadata. ${ask}${github} A council can also transfer an abandoned package by a vote.`;
  };

  const page = async (c: Context<AppEnv>, pkg: Awaited<ReturnType<typeof ownerOf>>['pkg'], extra: { state?: FormState; section?: string; status?: 400 | 409; submitted?: Record<string, string | string[]> } = {}) => {
    const history = await metadataHistory(db, pkg.id);
    const owners = await ownersOf(db, pkg.id);
    c.status(extra.status ?? 200);
    return c.render(<ManageView data={{ pkg, current: history[0]?.manifest ?? null, history, owners }} csrf={csrfToken(c, secure)} state={extra.state} section={extra.section} submitted={extra.submitted} />, {
      title: `Manage ${pkg.name}`,
      description: `Publish metadata and manage owners of ${pkg.name}.`,
    });
  };

  /** Service errors a person can fix are shown on the form; anything else is an error page. */
  const onForm = async (c: Context<AppEnv>, pkg: Awaited<ReturnType<typeof ownerOf>>['pkg'], section: string, run: () => Promise<unknown>, done: string, submitted?: Record<string, string | string[]>) => {
    try {
      await run();
    } catch (err) {
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 409)) throw err;
      return page(c, pkg, { state: { message: err.detail, errors: err.errors }, section, status: err.status as 400, submitted });
    }
    return c.redirect(done, 303);
  };

  web.get('/manage/:ecosystem/:name{.+}', async (c) => {
    const { pkg } = await ownerOf(c);
    return page(c, pkg);
  });
  web.post('/manage/:ecosystem/:name{.+}/metadata', async (c) => {
    const { p, pkg } = await ownerOf(c);
    const form = await formOf(c);
    return onForm(c, pkg, 'metadata', () => publishMetadata(database, p, pkg.ecosystem, pkg.name, parseManifest(manifestFromForm(form)), 'form', now()), `${packageHref(pkg.ecosystem, pkg.name)}#compatibility`, form);
  });
  web.post('/manage/:ecosystem/:name{.+}/owners/invite', async (c) => {
    const { p, pkg } = await ownerOf(c);
    const { username } = await formOf(c);
    return onForm(c, pkg, 'owners', () => inviteOwner(database, p, pkg, String(username ?? ''), now()), `/manage/${pkg.ecosystem}/${pkg.name}#owners`);
  });
  web.post('/manage/:ecosystem/:name{.+}/owners/remove', async (c) => {
    const { p, pkg } = await ownerOf(c);
    const { username } = await formOf(c);
    return onForm(c, pkg, 'owners', () => removeOwner(database, p, pkg, String(username ?? ''), now()), `/manage/${pkg.ecosystem}/${pkg.name}#owners`);
  });
  return web;
}
