import type { Child } from 'hono/jsx';
import { useRequestContext } from 'hono/jsx-renderer';
import type { AppEnv } from '../api/lib/env.js';
import { ASSETS } from './assets.js';

export type PageProps = {
  title: string;
  description: string;
  /** The query shown in the header search box. */
  q?: string;
  /** Atom feeds that follow this page (its packages, its advisories), advertised to feed readers. */
  feeds?: { title: string; href: string }[];
  /** Optional enhancement scripts; every page works without them. */
  scripts?: { url: string; integrity: string }[];
  /** A canonical URL when several addresses show the same page. */
  canonical?: string;
};

declare module 'hono' {
  interface ContextRenderer {
    (content: string | Promise<string>, props: PageProps): Response | Promise<Response>;
  }
}

export const NAV = [
  { href: '/search', label: 'Search' },
  { href: '/targets', label: 'Targets' },
  { href: '/categories', label: 'Categories' },
  { href: '/councils', label: 'Councils' },
  { href: '/contributors', label: 'Contributors' },
  { href: '/sign-in', label: 'Sign in' },
];

/** The one page frame: header with search, navigation, main landmark, footer. */
export function Layout(props: PageProps & { children?: Child; path: string; username?: string }) {
  const title = props.title === 'Ferrite' ? props.title : `${props.title} — Ferrite`;
  return (
    <html lang="en">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <title>{title}</title>
        <meta name="description" content={props.description} />
        <link rel="stylesheet" href={ASSETS.css.url} integrity={ASSETS.css.integrity} />
        <link rel="search" type="application/opensearchdescription+xml" href="/opensearch.xml" title="Ferrite" />
        {props.feeds?.map((f) => <link rel="alternate" type="application/atom+xml" title={f.title} href={f.href} />)}
        {props.canonical && <link rel="canonical" href={props.canonical} />}
        {props.scripts?.map((s) => <script src={s.url} integrity={s.integrity} defer></script>)}
      </head>
      <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="site-header">
          <div class="wrap">
            <a class="brand" href="/">
              Ferr<span>ite</span>
            </a>
            {/* The search page has its own, fuller query box: a second one in the header would only disagree with it. */}
            {props.path !== '/search' && (
              <form class="header-search" role="search" action="/search" method="get">
                <label class="visually-hidden" for="header-q">Search packages</label>
                <input id="header-q" type="search" name="q" value={props.q ?? ''} placeholder="Search crates and npm bindings, e.g. tensor profile:wasm" />
                <button type="submit">Search</button>
              </form>
            )}
            <nav class="site-nav" aria-label="Main">
              <ul>
                {NAV.map((n) => (n.href === '/sign-in' && props.username ? { href: '/account', label: props.username } : n)).map((n) => (
                  <li>
                    <a href={n.href} aria-current={props.path === n.href || props.path.startsWith(`${n.href}/`) ? 'page' : undefined}>
                      {n.label}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </div>
        </header>
        <main id="main" class="wrap">
          {props.children}
        </main>
        <footer class="site-footer">
          <div class="wrap">
            Ferrite indexes Rust crates and the npm packages that wrap them, with the evidence behind every compatibility claim.{' '}
            <a href="/api/docs">API</a> · <a href="/feeds/packages.atom">Atom feed</a> · <a href="/index/config.json">Cargo index</a>
          </div>
        </footer>
      </body>
    </html>
  );
}

/** The layout as `jsxRenderer` calls it: the request's path marks the current navigation item. */
export function RenderedLayout(props: PageProps & { children?: Child }) {
  const c = useRequestContext<AppEnv>();
  return <Layout {...props} path={c.req.path} username={c.get('principal')?.user.username} />;
}
