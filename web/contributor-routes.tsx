import type { Context } from 'hono';
import { Hono } from 'hono';
import type { AppDeps } from '../api/lib/deps.js';
import { LeaderboardQuery } from '../api/contributors/routes.js';
import { leaderboard, packageContributors, personView, thanks } from '../api/contributors/service.js';
import type { AppEnv } from '../api/lib/env.js';
import { zodFieldErrors } from '../api/lib/on-error.js';
import { AppError } from '../api/lib/problems.js';
import { requireCrateVersion, requirePackage } from '../api/packages/service.js';
import { LeaderboardView, PackageContributorsView, PersonPage, ThanksView } from './pages/contributors.js';

type Deps = Pick<AppDeps, 'database' | 'clock'>;

/** People pages, leaderboards, package Contributors tabs and per-release thanks. Registered before the package pages, whose npm route would swallow `/contributors`. */
export function contributorRoutes(deps: Deps) {
  const { database } = deps;
  const now = () => deps.clock?.() ?? new Date();
  const web = new Hono<AppEnv>();

  web.get('/contributors', async (c) => {
    const r = LeaderboardQuery.safeParse(Object.fromEntries(Object.entries(c.req.query()).filter(([, v]) => v !== '')));
    if (!r.success) throw new AppError('invalidRequest', { errors: zodFieldErrors(r.error) });
    return c.render(<LeaderboardView items={await leaderboard(database, r.data, now())} q={r.data} />, {
      title: 'Contributors',
      description: 'People behind Rust crates and their npm bindings, ranked by weighted contributions of every kind.',
    });
  });

  web.get('/people/:id', async (c) => {
    const id = Number(c.req.param('id'));
    if (!Number.isSafeInteger(id) || id <= 0) throw new AppError('notFound');
    const data = await personView(database, id);
    return c.render(<PersonPage data={data} />, { title: data.person.name, description: `${data.person.name}: packages, contributions and councils on Ferrite.` });
  });

  const tab = async (c: Context<AppEnv>, ecosystem: 'crates' | 'npm', name: string) => {
    const pkg = await requirePackage(database.db, ecosystem, name);
    const r = await packageContributors(database, pkg, now());
    return c.render(<PackageContributorsView ecosystem={ecosystem} name={pkg.name} people={r.people} health={r.health} maintenance={r.maintenance} />, {
      title: `Contributors to ${pkg.name}`,
      description: `Who maintains ${pkg.name}, and its health: active maintainers, absence factor, release cadence.`,
    });
  };
  web.get('/crates/:name/contributors', (c) => tab(c, 'crates', c.req.param('name')));
  web.get('/npm/:name{.+}/contributors', (c) => tab(c, 'npm', c.req.param('name')));

  web.get('/crates/:name/:version/thanks', async (c) => {
    const r = await requireCrateVersion(database.db, c.req.param('name'), c.req.param('version'));
    return c.render(<ThanksView name={r.pkg.name} version={r.version.num} people={await thanks(database, r.version.id, r.pkg.id, r.version.publishedAt)} />, {
      title: `Thanks for ${r.pkg.name} ${r.version.num}`,
      description: `The people credited for ${r.pkg.name} ${r.version.num}.`,
    });
  });
  return web;
}
