import type { Context, MiddlewareHandler } from 'hono';
import { Hono } from 'hono';
import { jsxRenderer } from 'hono/jsx-renderer';
import { z } from 'zod';
import type { AppDeps } from '../api/lib/deps.js';
import { getTarget } from '../api/targets/service.js';
import type { AppEnv } from '../api/lib/env.js';
import { AppError, type Problem } from '../api/lib/problems.js';
import { zodFieldErrors } from '../api/lib/on-error.js';
import { SearchQuery } from '../api/search/contracts.js';
import { emptyQuery } from '../api/search/query.js';
import { searchPackages } from '../api/search/service.js';
import { isSearchUnavailable, SEARCH_RETRY_AFTER_S } from '../api/search/unavailable.js';
import { accountRoutes } from './account-routes.js';
import { signInRoutes } from './sign-in-routes.js';
import { manageRoutes } from './manage-routes.js';
import { contributorRoutes } from './contributor-routes.js';
import { governanceRoutes } from './governance-routes.js';
import { ASSETS, assetRoutes } from './assets.js';
import { Layout, RenderedLayout } from './layout.js';
import { badgeSvg, errorBadge } from '../api/compat/badges.js';
import { categoryByDependents, categoryTree } from '../api/categories/service.js';
import { recommendedFor } from '../api/governance/queries.js';
import { type Comparison, CompareQuery, loadComparison } from '../api/packages/compare.js';
import type { FormState } from './components/forms.js';
import { loadCratePage } from '../api/packages/crate-page.js';
import { DependentsQuery } from '../api/dependents/contracts.js';
import { listDependents } from '../api/dependents/service.js';
import { DependentsView } from './pages/dependents.js';
import { packagesFeed } from './data/feeds.js';
import { loadHomeOrOutage } from '../api/search/home.js';
import { loadNpmPage } from '../api/packages/npm-page.js';
import { filterTargets, TargetFilters } from '../api/targets/filters.js';
import { CategoriesView, CategoryView } from './pages/categories.js';
import { CompareView } from './pages/compare.js';
import { CratePageView } from './pages/crate.js';
import { AdvisoryView } from './pages/advisory.js';
import { loadAdvisoryPage, loadCrateAdvisoriesPage } from '../api/advisories/page.js';
import { CrateAdvisoriesView } from './pages/crate/security.js';
import { advisoryBadgeSvg } from '../api/advisories/badge.js';
import { recentAdvisories } from '../api/advisories/service.js';
import { categoryAdvisories, targetAdvisories } from '../api/advisories/feeds.js';
import { advisoriesFeed } from './data/advisories-feed.js';
import { ErrorView } from './pages/error.js';
import { HomeView } from './pages/home.js';
import { NpmPageView } from './pages/npm.js';
import { SearchOutageView, SearchPageView, SearchResults } from './pages/search.js';
import { TargetView, TargetsView } from './pages/targets.js';

type WebDeps = Pick<AppDeps, 'database' | 'search' | 'publicUrl' | 'github' | 'rateLimit' | 'clock'>;

const LIST_SIZE = 20;
const CRATE_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const NPM_NAME = /^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9._~-][a-z0-9._~-]{0,213}$/;
const TRIPLE = /^[a-z0-9_.-]{3,80}$/;
const CATEGORY = /^[a-z0-9-]+(::[a-z0-9-]+)*$/;
const ADVISORY_ID = /^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]{1,60}$/;

const PageParam = z.object({ page: z.coerce.number().int().min(1).max(500).default(1) });
const ListParams = PageParam.extend({ sort: z.enum(['downloads', 'recent', 'name']).default('downloads') });
const CategoryListParams = PageParam.extend({ sort: z.enum(['downloads', 'recent', 'name', 'dependents']).default('downloads') });
const VersionParam = z.object({ version: z.string().max(100).optional() });

/**
 * Query parameters as zod reads them: repeated keys become arrays, single ones strings. Empty
 * values are dropped: a plain form submits its untouched fields as `target=&msrv=`.
 */
function queryOf(c: Context): Record<string, string | string[]> {
  return Object.fromEntries(
    Object.entries(c.req.queries())
      .map(([k, v]) => [k, v.filter((x) => x !== '')] as const)
      .filter(([, v]) => v.length > 0)
      .map(([k, v]) => [k, v.length === 1 ? v[0]! : v]),
  );
}

function parse<T extends z.ZodType>(schema: T, value: unknown): z.infer<T> {
  const r = schema.safeParse(value);
  if (!r.success) throw new AppError('invalidRequest', { errors: zodFieldErrors(r.error) });
  return r.data;
}

function requireMatch(value: string, pattern: RegExp, what: string) {
  if (!pattern.test(value)) throw new AppError('notFound', { detail: `'${value}' is not a valid ${what}.` });
}

/** The category slug or triple a `{key}.atom` feed file names, at most 100 characters (no real one is near that). */
function feedKey(file: string, pattern: RegExp, what: string): string {
  const key = file.slice(0, -'.atom'.length);
  if (key.length > 100) throw new AppError('notFound', { detail: `That is not a valid ${what}.` });
  requireMatch(key, pattern, what);
  return key;
}

/** Whether the signed-in browser may manage this package: an owner, or an admin. */
function canManage(c: Context<AppEnv>, owners: { username: string }[]): boolean {
  const p = c.get('principal');
  return p?.kind === 'session' && (p.user.isAdmin || owners.some((o) => o.username === p.user.username));
}

/** Pages answer errors as HTML in the site's layout; the API keeps problem+json (see api/lib/on-error.ts). */
export const htmlProblems: MiddlewareHandler<AppEnv> = async (c, next) => {
  c.set('renderProblemHtml', (ctx: Context<AppEnv>, problem: Problem) =>
    ctx.html(
      '<!doctype html>' +
        (
          <Layout title={problem.title} description={problem.detail ?? problem.title} path={ctx.req.path} username={ctx.get('principal')?.user.username}>
            <ErrorView problem={problem} path={ctx.req.path} />
          </Layout>
        ),
      problem.status as 400,
      { 'cache-control': 'no-store' },
    ),
  );
  await next();
};

export function webRoutes(deps: WebDeps) {
  const { database, search } = deps;
  const db = database.db;
  const web = new Hono<AppEnv>();
  web.route('/', assetRoutes());
  web.use('*', jsxRenderer(RenderedLayout, { docType: true }));
  web.route('/', signInRoutes(deps));
  web.route('/', accountRoutes(deps));
  web.route('/', contributorRoutes(deps));
  web.route('/', manageRoutes(deps));
  web.route('/', governanceRoutes(deps));

  web.get('/', async (c) => {
    const home = await loadHomeOrOutage(database, search);
    if (home.searchDown) c.status(503);
    return c.render(<HomeView home={home} />, {
      title: 'Ferrite',
      description: 'Find Rust crates and their npm bindings, and see where each one runs: cloud, browser, embedded no_std, GPU — with the evidence.',
      feeds: [{ title: 'New and updated packages', href: '/feeds/packages.atom' }],
    });
  });

  web.get('/search', async (c) => {
    const params = parse(SearchQuery, queryOf(c));
    const results = await searchPackages(search, params).catch((err) => {
      if (!isSearchUnavailable(err)) throw err;
      c.status(503);
      c.header('retry-after', String(SEARCH_RETRY_AFTER_S));
      return null;
    });
    if (!results) {
      return c.render(<SearchOutageView params={params} />, { title: 'Search unavailable', description: 'Search is catching up or unavailable.', q: params.q });
    }
    if (c.req.query('partial') === 'results') return c.html(<SearchResults params={params} results={results} />);
    return c.render(<SearchPageView params={params} results={results} />, {
      title: params.q ? `${params.q} — search` : 'Search',
      description: 'Search Rust crates and npm bindings by name, target, profile, no_std, accelerator and binding kind.',
      q: params.q,
      scripts: [ASSETS.searchJs],
    });
  });

  web.get('/crates/:name', async (c) => {
    const name = c.req.param('name');
    requireMatch(name, CRATE_NAME, 'crate name');
    const { version } = parse(VersionParam, queryOf(c));
    const page = await loadCratePage(db, name, version);
    return c.render(<CratePageView page={page} canManage={canManage(c, page.ferriteOwners)} publicUrl={deps.publicUrl} />, {
      title: `${page.pkg.name} ${page.version.num}`,
      description: `${page.pkg.name}: ${page.pkg.description ?? 'a Rust crate'} — where it runs, with evidence.`.slice(0, 300),
      canonical: version ? undefined : `/crates/${page.pkg.name}`,
      scripts: [ASSETS.copyJs],
    });
  });

  web.get('/advisories/:id', async (c) => {
    const id = c.req.param('id');
    requireMatch(id, ADVISORY_ID, 'advisory id');
    const page = await loadAdvisoryPage(db, id, c.get('principal')?.user);
    return c.render(<AdvisoryView page={page} />, { title: `${page.advisory.id}: ${page.advisory.title}`.slice(0, 200), description: `RustSec advisory for ${page.advisory.package}: ${page.advisory.title}`.slice(0, 300) });
  });

  web.get('/crates/:name/advisories', async (c) => {
    const name = c.req.param('name');
    requireMatch(name, CRATE_NAME, 'crate name');
    const { version } = parse(VersionParam, queryOf(c));
    const page = await loadCrateAdvisoriesPage(db, name, version);
    return c.render(<CrateAdvisoriesView page={page} />, {
      title: `Advisories for ${page.name} ${page.version}`,
      description: `RustSec advisories that affect ${page.name} ${page.version} or reach it through its dependencies.`,
    });
  });

  web.get('/crates/:name/dependents', async (c) => {
    const name = c.req.param('name');
    requireMatch(name, CRATE_NAME, 'crate name');
    const page = await listDependents(database, name, parse(DependentsQuery, queryOf(c)));
    return c.render(<DependentsView page={page} />, {
      title: `Crates that use ${page.crate}`,
      description: `The crates indexed here that depend on ${page.crate}, directly and through other crates.`,
    });
  });

  web.get('/npm/:name{.+}', async (c) => {
    const name = c.req.param('name');
    requireMatch(name, NPM_NAME, 'npm package name');
    const page = await loadNpmPage(db, name);
    return c.render(<NpmPageView page={page} canManage={canManage(c, page.ferriteOwners)} />, {
      title: `${page.pkg.name} (npm)`,
      description: `${page.pkg.name}: ${page.pkg.description ?? 'an npm package'} — whether it wraps Rust and where it runs.`.slice(0, 300),
    });
  });

  web.get('/targets', async (c) => {
    const filters = parse(TargetFilters, queryOf(c));
    const listed = await filterTargets(db, filters);
    const facets = await search.search({ query: emptyQuery(), sort: 'downloads', offset: 0, limit: 1, facets: true });
    return c.render(<TargetsView {...listed} filters={filters} profileCounts={facets.facets.profile ?? {}} />, {
      title: 'Targets',
      description: 'Every Rust target with its support tier, std support and the packages known to run there.',
    });
  });

  web.get('/targets/:triple', async (c) => {
    const triple = c.req.param('triple');
    requireMatch(triple, TRIPLE, 'target triple');
    const target = await getTarget(db, triple);
    const { page, sort } = parse(ListParams, queryOf(c));
    const r = await search.search({ query: { ...emptyQuery(), targets: [triple] }, sort, offset: (page - 1) * LIST_SIZE, limit: LIST_SIZE, facets: false });
    return c.render(<TargetView target={target} items={r.hits} total={r.total} sort={sort} page={page} nextPage={page * LIST_SIZE < r.total ? page + 1 : null} />, {
      title: `${triple} target`,
      description: `Rust packages known to run on ${triple}, its tier and cfg values.`,
      feeds: [
        { title: `Packages for ${triple}`, href: `/feeds/targets/${triple}.atom` },
        { title: `Advisories for ${triple}`, href: `/feeds/advisories/targets/${triple}.atom` },
      ],
    });
  });

  web.get('/categories', async (c) => {
    const facets = await search.search({ query: emptyQuery(), sort: 'downloads', offset: 0, limit: 1, facets: true });
    const tree = await categoryTree(db, facets.facets.category ?? {});
    return c.render(<CategoriesView tree={tree} />, { title: 'Categories', description: 'Browse Rust crates and npm bindings by crates.io category.' });
  });

  web.get('/categories/:slug', async (c) => {
    const slug = c.req.param('slug');
    requireMatch(slug, CATEGORY, 'category');
    const { page, sort } = parse(CategoryListParams, queryOf(c));
    // The engine orders by its own signals; "most depended on" reads the reverse-dependency counts, the engine still counts and facets.
    const byDependents = sort === 'dependents';
    const offset = (page - 1) * LIST_SIZE;
    const r = await search.search({ query: { ...emptyQuery(), categories: [slug] }, sort: byDependents ? 'name' : sort, offset: byDependents ? 0 : offset, limit: byDependents ? 1 : LIST_SIZE, facets: true });
    const items = byDependents ? await categoryByDependents(database, slug, offset, LIST_SIZE) : r.hits;
    const tree = await categoryTree(db, r.facets.category ?? {});
    const category = tree.find((n) => n.slug === slug);
    if (!category) throw new AppError('notFound', { detail: `There is no category '${slug}'.` });
    return c.render(
      <CategoryView
        category={category}
        parent={tree.find((n) => n.slug === category.parentSlug) ?? null}
        subcategories={tree.filter((n) => n.parentSlug === slug)}
        recommended={page === 1 ? await recommendedFor(db, slug) : []}
        sort={sort}
        items={items}
        total={r.total}
        page={page}
        nextPage={page * LIST_SIZE < r.total ? page + 1 : null}
      />,
      {
        title: `${category.name} — categories`,
        description: category.description || `Rust crates and npm bindings in ${category.name}.`,
        feeds: [
          { title: `Packages in ${category.name}`, href: `/feeds/categories/${slug}.atom` },
          { title: `Advisories in ${category.name}`, href: `/feeds/advisories/categories/${slug}.atom` },
        ],
      },
    );
  });

  web.get('/compare', async (c) => {
    const typed = (c.req.query('crates') ?? '').slice(0, 1000);
    let entries: Comparison = [];
    let state: FormState | undefined;
    try {
      const { crates } = parse(CompareQuery, queryOf(c));
      if (crates.length >= 2) entries = await loadComparison(db, crates);
    } catch (err) {
      // A typo or a bad list keeps the form, with the error beside it.
      if (!(err instanceof AppError) || (err.status !== 400 && err.status !== 404)) throw err;
      state = { message: err.detail ?? 'Check the names.', errors: err.errors };
      c.status(err.status as 400);
    }
    return c.render(<CompareView typed={typed} entries={entries} state={state} />, {
      title: entries.length ? `Compare ${entries.map((e) => e.pkg.name).join(', ')}` : 'Compare packages',
      description: 'Two to four Rust crates or npm bindings side by side: where each runs, no_std, MSRV, accelerators, native libraries and bindings, with evidence.',
    });
  });

  web.get('/badge/:ecosystem/:rest{.+\\.svg}', async (c) => {
    const ecosystem = c.req.param('ecosystem');
    const parts = c.req.param('rest').slice(0, -'.svg'.length).split('/');
    const scoped = ecosystem === 'npm' && parts[0]?.startsWith('@');
    const name = scoped ? parts.slice(0, 2).join('/') : parts[0]!;
    const subject = parts.slice(scoped ? 2 : 1).join('/') || null;
    const headers = { 'content-type': 'image/svg+xml; charset=utf-8', 'cache-control': 'public, max-age=3600, stale-while-revalidate=86400' };
    try {
      if (ecosystem !== 'crates' && ecosystem !== 'npm') throw new AppError('notFound', { detail: 'ecosystem must be crates or npm' });
      if (parts.length > (scoped ? 3 : 2)) throw new AppError('notFound');
      // The advisory badge is the advisory database's answer, not a compatibility one.
      if (ecosystem === 'crates' && subject === 'advisories') return c.body(await advisoryBadgeSvg(db, name), 200, headers);
      return c.body(await badgeSvg(db, ecosystem, name, subject), 200, headers);
    } catch (err) {
      if (!(err instanceof AppError) || err.status !== 404) throw err;
      return c.body(errorBadge(err.code === 'targetNotFound' ? 'unknown target' : 'not found'), 404, { ...headers, 'cache-control': 'public, max-age=300' });
    }
  });

  const atom = (c: Context, xml: string) => c.body(xml, 200, { 'content-type': 'application/atom+xml; charset=utf-8', 'cache-control': 'public, max-age=600' });
  web.get('/feeds/packages.atom', async (c) =>
    atom(c, await packagesFeed(search, deps.publicUrl, { title: 'Ferrite: new and updated packages', self: '/feeds/packages.atom', page: '/search?sort=recent' })),
  );
  web.get('/feeds/advisories.atom', async (c) => atom(c, advisoriesFeed(await recentAdvisories(db, 50), deps.publicUrl)));
  web.get('/feeds/advisories/categories/:file{.+\\.atom}', async (c) => {
    const slug = feedKey(c.req.param('file'), CATEGORY, 'category');
    const { name, advisories } = await categoryAdvisories(db, slug);
    return atom(c, advisoriesFeed(advisories, deps.publicUrl, { title: `Ferrite: RustSec advisories in ${name}`, self: `/feeds/advisories/categories/${slug}.atom`, page: `/categories/${slug}` }));
  });
  web.get('/feeds/advisories/targets/:file{.+\\.atom}', async (c) => {
    const triple = feedKey(c.req.param('file'), TRIPLE, 'target triple');
    const advisories = await targetAdvisories(db, triple);
    return atom(c, advisoriesFeed(advisories, deps.publicUrl, { title: `Ferrite: RustSec advisories for ${triple}`, self: `/feeds/advisories/targets/${triple}.atom`, page: `/targets/${triple}` }));
  });
  web.get('/feeds/categories/:file{.+\\.atom}', async (c) => {
    const slug = c.req.param('file').slice(0, -'.atom'.length);
    requireMatch(slug, CATEGORY, 'category');
    return atom(c, await packagesFeed(search, deps.publicUrl, { title: `Ferrite: ${slug}`, self: `/feeds/categories/${slug}.atom`, page: `/categories/${slug}`, narrow: { categories: [slug] } }));
  });
  web.get('/feeds/targets/:file{.+\\.atom}', async (c) => {
    const triple = c.req.param('file').slice(0, -'.atom'.length);
    requireMatch(triple, TRIPLE, 'target triple');
    await getTarget(db, triple);
    return atom(c, await packagesFeed(search, deps.publicUrl, { title: `Ferrite: packages for ${triple}`, self: `/feeds/targets/${triple}.atom`, page: `/targets/${triple}`, narrow: { targets: [triple] } }));
  });

  web.get('/opensearch.xml', (c) =>
    c.body(
      `<?xml version="1.0" encoding="UTF-8"?>\n<OpenSearchDescription xmlns="http://a9.com/-/spec/opensearch/1.1/"><ShortName>Ferrite</ShortName><Description>Rust crates and npm bindings</Description><InputEncoding>UTF-8</InputEncoding><Url type="text/html" template="${deps.publicUrl.replace(/\/$/, '')}/search?q={searchTerms}"/></OpenSearchDescription>`,
      200,
      { 'content-type': 'application/opensearchdescription+xml' },
    ),
  );

  return web;
}
