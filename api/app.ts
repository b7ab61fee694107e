import { OpenAPIHono } from '@hono/zod-openapi';
import type { MiddlewareHandler } from 'hono';
import { compress } from 'hono/compress';
import { etag } from 'hono/etag';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import { authenticate } from './accounts/principal.js';
import { SESSION_COOKIE } from './accounts/sessions.js';
import { accountApiRoutes } from './accounts/routes.js';
import { maintainerRoutes } from './metadata/routes.js';
import { governanceRoutes } from './governance/routes.js';
import { transparencyRoutes } from './transparency/routes.js';
import { contributorRoutes } from './contributors/routes.js';
import { dependentRoutes } from './dependents/routes.js';
import { exportRoutes } from './export/routes.js';
import { compatRoutes } from './compat/routes.js';
import { advisoryRoutes } from './advisories/routes.js';
import { archiveRoutes } from './archives/routes.js';
import type { AppEnv } from './lib/env.js';
import type { Logger } from './lib/logger.js';
import { zodFieldErrors, respondWithProblem } from './lib/on-error.js';
import { AppError } from './lib/problems.js';
import { rateLimit } from './lib/rate-limit.js';
import { limitBodies, rejectUnreadableInput } from './lib/request-hygiene.js';
import { searchRoutes } from './search/routes.js';
import { guardSearch } from './search/unavailable.js';
import { registryRoutes } from './registry/routes.js';
import { packageRoutes } from './packages/routes.js';
import { problemPages } from './system/problem-pages.js';
import { systemRoutes } from './system/routes.js';
import { targetRoutes } from './targets/routes.js';
import { type AppDeps, DEFAULT_FORM_RATE_LIMIT, DEFAULT_PAGE_RATE_LIMIT, DEFAULT_RATE_LIMIT } from './lib/deps.js';

/**
 * The pages, given by the composition root so the API never imports them: a cache in front of
 * everything, the HTML error renderer, and the routes mounted after the API's (the API reference
 * page needs the finished OpenAPI app).
 */
export type PagesLayer = {
  cache?: MiddlewareHandler<AppEnv>;
  problems: MiddlewareHandler<AppEnv>;
  /** `deps` as requests see them (the search engine's outage a 503, not a 500). */
  mount(app: OpenAPIHono<AppEnv>, deps: AppDeps): void;
};

/** Reads with budgets of their own or none: the API; assets, badges (README images fetched by one proxy for many readers) and cargo's index. */
const FREE_READS = /^\/(api|assets|badge|index)\//;

export function createApp(appDeps: AppDeps, web?: PagesLayer) {
  // Requests see a search engine whose outage is a 503 with Retry-After, never a 500.
  const deps = { ...appDeps, search: guardSearch(appDeps.search) };
  const app = new OpenAPIHono<AppEnv>({
    // Invalid params, query or body become one 400 problem naming every field at fault.
    defaultHook: (result) => {
      if (!result.success) throw new AppError('invalidRequest', { errors: zodFieldErrors(result.error) });
    },
  });

  app.use(requestId({ headerName: 'x-request-id', limitLength: 64 }));
  app.use(requestLog(deps.logger));
  // Outside the security headers, so a cached page carries the ones it was rendered with and a hit
  // skips setting them again; inside the request id and log, so every hit has its id and its line.
  if (web?.cache) app.use(web.cache);
  app.use(
    secureHeaders({
      contentSecurityPolicy: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        // README images (badges, logos) live on other hosts; https only, so a page never loads mixed content.
        imgSrc: ["'self'", 'data:', 'https:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
      xFrameOptions: 'DENY',
      referrerPolicy: 'strict-origin-when-cross-origin',
    }),
  );
  app.use(compress());
  if (web) app.use(web.problems);
  app.use(limitBodies);
  app.use(rejectUnreadableInput);
  app.use('/api/*', rateLimit(deps.rateLimit ?? DEFAULT_RATE_LIMIT));
  const forms = rateLimit(deps.formRateLimit ?? DEFAULT_FORM_RATE_LIMIT);
  app.use('*', (c, next) => (c.req.method === 'POST' && !c.req.path.startsWith('/api/') ? forms(c, next) : next()));
  // Registered after the page cache, so only pages rendered afresh count.
  const pages = rateLimit(deps.pageRateLimit ?? DEFAULT_PAGE_RATE_LIMIT);
  app.use('*', (c, next) => (c.req.method === 'GET' && !FREE_READS.test(c.req.path) ? pages(c, next) : next()));
  app.use('*', (c, next) => {
    c.set('publicUrl', deps.publicUrl);
    return next();
  });
  app.use(authenticate(deps.database, { now: () => deps.clock?.() ?? new Date(), secureCookies: deps.publicUrl.startsWith('https:') }));
  app.use('*', cacheReads);
  app.use('*', etag());

  app.route('/', systemRoutes(deps));
  app.route('/', searchRoutes(deps));
  app.route('/', registryRoutes(deps));
  // Before the packages' `/crates/{name}/{version}`, which would read `dependents` as a version.
  app.route('/', dependentRoutes(deps));
  app.route('/', packageRoutes(deps));
  app.route('/', compatRoutes(deps));
  app.route('/', advisoryRoutes(deps));
  app.route('/', archiveRoutes(deps));
  app.route('/', targetRoutes(deps));
  app.route('/', accountApiRoutes(deps));
  app.route('/', maintainerRoutes(deps));
  app.route('/', governanceRoutes(deps));
  app.route('/', transparencyRoutes(deps));
  app.route('/', contributorRoutes(deps));
  app.route('/', exportRoutes(deps));
  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', { type: 'http', scheme: 'bearer', description: 'An API token (frt_…) from your account page.' });
  app.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE, description: 'A signed-in browser session; writes must come from this site (Origin).' });

  app.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: {
      title: 'Ferrite API',
      version: '1',
      description: 'Rust crates and their npm bindings, with evidence-backed compatibility. Errors are RFC 9457 problem+json.',
    },
  });
  web?.mount(app, deps);
  app.route('/', problemPages());

  app.notFound(() => {
    throw new AppError('notFound', { detail: 'There is nothing at this address.' });
  });
  app.onError((err, c) => respondWithProblem(err, c));
  return app;
}

export type App = ReturnType<typeof createApp>;

/**
 * One line per request: id, method, path (never the query, which may carry secrets), status, duration.
 * Handlers get the root logger and name the request id themselves: a pino child per request (with
 * redaction) cost more than serving a cached page.
 */
function requestLog(logger: Logger): MiddlewareHandler<AppEnv> {
  return async (c, next) => {
    const started = performance.now();
    c.set('logger', logger);
    await next();
    logger.info({ requestId: c.get('requestId'), method: c.req.method, path: c.req.path, status: c.res.status, durationMs: Math.round((performance.now() - started) * 10) / 10 }, 'request');
  };
}

/** Reads may be cached briefly by clients and proxies; errors, writes and anything said to a signed-in caller never. */
const cacheReads: MiddlewareHandler<AppEnv> = async (c, next) => {
  await next();
  if (c.res.headers.has('cache-control')) return;
  const cacheable = (c.req.method === 'GET' || c.req.method === 'HEAD') && c.res.status === 200;
  c.res.headers.set('cache-control', !cacheable ? 'no-store' : c.get('principal') ? 'private, no-cache' : 'public, max-age=60');
};
