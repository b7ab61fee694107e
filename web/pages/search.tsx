import type { z } from '@hono/zod-openapi';
import type { SearchQuery } from '../../api/search/contracts.js';
import type { Sort } from '../../api/search/engine.js';
import { ADVISORY_STATUSES } from '../../api/advisories/status.js';
import { parseQuery, PROFILE_NAMES, QueryError } from '../../api/search/query.js';
import type { searchPackages } from '../../api/search/service.js';
import { PackageList } from '../components/package-list.js';

export type SearchParams = z.infer<typeof SearchQuery>;
type Results = Awaited<ReturnType<typeof searchPackages>>;

/** One relevance order (text match, then evidence, then downloads) and the orders whose data every document has. */
const SORT_LABELS: Record<Sort, string> = {
  relevance: 'Relevance',
  downloads: 'Downloads (crates.io dump, where known)',
  dependents: 'Most depended on (crates here that use it directly)',
  recent: 'Recently released (newest version)',
  name: 'Name',
};
/** The signal a list is in, said beside the count: the order without a query is downloads, as the service picks it. */
const SORTED_BY: Record<Sort, string> = {
  relevance: 'relevance to the words',
  downloads: 'downloads',
  dependents: 'how many indexed crates use each directly',
  recent: 'newest release',
  name: 'name',
};
/** Page links shown either side of the current page. */
const PAGE_SPAN = 3;
const MSRV_CHOICES = ['1.56', '1.60', '1.65', '1.70', '1.75', '1.80'];
const FACET_LIMIT = 12;
/** The advisory facet's values in words (`none` alone would read as "no data"). */
const ADVISORY_LABELS: Record<string, string> = { none: 'no known advisory', vulnerable: 'vulnerable', unsound: 'unsound', unmaintained: 'unmaintained' };

/** The search page: a GET form that is the whole query language, facets beside the results. */
/** The search page while the engine is down: the query kept in the box, and what still works. */
export function SearchOutageView({ params }: { params: SearchParams }) {
  return (
    <>
      <h1>Search</h1>
      <form action="/search" method="get" class="search-main-form" role="search">
        <label class="visually-hidden" for="q">
          Query
        </label>
        <input id="q" type="search" name="q" value={params.q ?? ''} />
        <button type="submit">Search</button>
      </form>
      <p class="notice warn" role="status">
        Search is catching up or unavailable right now. Nothing is lost; try again in a minute. Meanwhile, package pages, <a href="/targets">targets</a> and{' '}
        <a href="/categories">categories</a> pages still answer.
      </p>
    </>
  );
}

/** Qualifiers typed in the query box, so the matching checkboxes show them ticked. */
function typedQualifiers(q: string | undefined) {
  try {
    return parseQuery(q ?? '');
  } catch (err) {
    if (err instanceof QueryError) return parseQuery('');
    throw err;
  }
}

export function SearchPageView(props: { params: SearchParams; results: Results }) {
  const { results } = props;
  const typed = typedQualifiers(props.params.q);
  const merge = (a: string[], b: string[]) => [...new Set([...a, ...b])];
  const params = {
    ...props.params,
    profile: merge(props.params.profile, typed.profiles) as SearchParams['profile'],
    accel: merge(props.params.accel, typed.accelerators),
    binding: merge(props.params.binding, typed.bindings),
    category: merge(props.params.category, typed.categories),
    council: merge(props.params.council, typed.councils),
    advisory: merge(props.params.advisory, typed.advisories) as SearchParams['advisory'],
    nostd: props.params.nostd || typed.nostd,
    // A form field wins over the same qualifier typed, as buildQuery applies them.
    ecosystem: props.params.ecosystem ?? typed.ecosystem ?? undefined,
    msrv: props.params.msrv ?? typed.msrvMax ?? undefined,
    target: props.params.target.length ? props.params.target : typed.targets,
  };
  const msrvChoices = params.msrv && !MSRV_CHOICES.includes(params.msrv) ? [...MSRV_CHOICES, params.msrv] : MSRV_CHOICES;
  const f = results.facets;
  return (
    <>
      <a class="skip" href="#results">
        Skip to results
      </a>
      <h1>Search</h1>
      <form id="search-form" action="/search" method="get">
        <div class="search-main-form">
          <label class="visually-hidden" for="q">
            Query
          </label>
          <input id="q" type="search" name="q" value={params.q ?? ''} placeholder="e.g. tensor accel:cuda, embedded hal nostd" aria-describedby="query-help" />
          <button type="submit">Search</button>
        </div>
        <details id="query-help" class="help">
          <summary>Query syntax</summary>
          <p>
            Words match names, keywords, categories and descriptions. Qualifiers narrow the results: <code>profile:embedded</code>,{' '}
            <code>target:thumbv7em-none-eabihf</code>, <code>nostd</code>, <code>accel:cuda</code>, <code>binding:napi-rs</code>,{' '}
            <code>msrv&lt;=1.70</code>, <code>keyword:async</code>, <code>category:science</code>, <code>ecosystem:npm</code>,{' '}
            <code>council:embedded</code>, <code>advisory:vulnerable</code> (or <code>none</code>, <code>unsound</code>, <code>unmaintained</code>: RustSec on the current version), <code>-word</code> to exclude and <code>"exact phrase"</code>.
          </p>
        </details>
        <div class="search-layout">
          <SearchResults params={params} results={results} />
          <details class="facets" id="filters">
            <summary>Filters</summary>
            <fieldset>
              <legend>Ecosystem and order</legend>
              <label for="ecosystem">Ecosystem</label>
              <select id="ecosystem" name="ecosystem">
                <option value="">Crates and npm</option>
                <option value="crates" selected={params.ecosystem === 'crates'}>
                  Crates {count(f.ecosystem, 'crates')}
                </option>
                <option value="npm" selected={params.ecosystem === 'npm'}>
                  npm {count(f.ecosystem, 'npm')}
                </option>
              </select>
              <label for="sort">Sort by</label>
              <select id="sort" name="sort">
                {Object.entries(SORT_LABELS).map(([v, label]) => (
                  <option value={v === 'relevance' ? '' : v} selected={(params.sort ?? 'relevance') === v}>
                    {label}
                  </option>
                ))}
              </select>
            </fieldset>
            <Checks legend="Runs on" name="profile" values={[...PROFILE_NAMES]} counts={f.profile} checked={params.profile} />
            <fieldset>
              <legend>Environment</legend>
              <label>
                <input type="checkbox" name="nostd" value="true" checked={params.nostd} /> no_std <span class="count">{count(f.nostd, 'always', 'optional')}</span>
              </label>
              <label for="target">Target triple</label>
              <input id="target" type="text" name="target" value={params.target[0] ?? ''} placeholder="thumbv7em-none-eabihf" />
              <label for="msrv">MSRV at most</label>
              <select id="msrv" name="msrv">
                <option value="">Any Rust version</option>
                {msrvChoices.map((m) => (
                  <option value={m} selected={params.msrv === m}>
                    Rust {m}
                  </option>
                ))}
              </select>
            </fieldset>
            <Checks legend="Accelerators" name="accel" values={topValues(f.accelerator, params.accel)} counts={f.accelerator} checked={params.accel} />
            <Checks legend="Bindings" name="binding" values={topValues(f.binding, params.binding)} counts={f.binding} checked={params.binding} />
            <Checks legend="Categories" name="category" values={topValues(f.category, params.category)} counts={f.category} checked={params.category} />
            <Checks legend="Recommended by a council" name="council" values={topValues(f.council, params.council)} counts={f.council} checked={params.council} />
            <Checks legend="RustSec advisories (crates)" name="advisory" values={[...ADVISORY_STATUSES]} counts={f.advisory} checked={params.advisory} labels={ADVISORY_LABELS} />
            <noscript>
              <button type="submit">Apply filters</button>
            </noscript>
          </details>
        </div>
      </form>
    </>
  );
}

/** The results region: also what the search script fetches and swaps in as you type. */
export function SearchResults(props: { params: SearchParams; results: Results }) {
  const { params, results } = props;
  const link = (page: number) => {
    const u = new URLSearchParams(formParams(params));
    u.set('page', String(page));
    return `/search?${u}`;
  };
  const first = (results.page - 1) * results.perPage + 1;
  return (
    <section id="results" aria-live="polite" aria-labelledby="results-heading">
      <h2 id="results-heading" class="visually-hidden">Results</h2>
      {results.correction && (
        <p class="notice" id="correction">
          Showing results for <a href={`/search?${new URLSearchParams({ q: results.correction.q })}`}><em>{results.correction.q}</em></a> — search instead for{' '}
          <a href={`/search?${new URLSearchParams({ q: results.correction.original, verbatim: 'true' })}`}>
            <em>{results.correction.original}</em>
          </a>
        </p>
      )}
      <p class="muted" id="result-count">
        {results.total === 0
          ? 'No packages match.'
          : `${first}–${first + results.items.length - 1} of ${results.total.toLocaleString('en')} package${results.total === 1 ? '' : 's'}, sorted by ${SORTED_BY[results.sort]}`}
      </p>
      {results.total === 0 ? (
        <div class="empty">
          <p>Nothing matches all of these conditions. Try fewer words or filters, or check the spelling of a qualifier.</p>
          <p>
            <a href="/search">Start over</a> or browse by <a href="/targets">target</a> or <a href="/categories">category</a>.
          </p>
        </div>
      ) : (
        <PackageList items={results.items} />
      )}
      <PageNumbers href={link} page={results.page} pages={Math.min(1000, Math.ceil(results.total / results.perPage))} />
    </section>
  );
}

/** Numbered page links around the current page, with the first and last, and previous / next. */
function PageNumbers(props: { href: (page: number) => string; page: number; pages: number }) {
  const { page, pages } = props;
  if (pages <= 1) return null;
  const shown = [...new Set([1, ...Array.from({ length: PAGE_SPAN * 2 + 1 }, (_, i) => page - PAGE_SPAN + i), pages])].filter((n) => n >= 1 && n <= pages).sort((a, b) => a - b);
  return (
    <nav class="pager" aria-label="Pages">
      {page > 1 && (
        <a rel="prev" href={props.href(page - 1)}>
          ← Previous
        </a>
      )}
      {shown.map((n, i) => (
        <>
          {i > 0 && n - shown[i - 1]! > 1 && <span aria-hidden="true">…</span>}
          {n === page ? (
            <span aria-current="page">{n}</span>
          ) : (
            <a href={props.href(n)} aria-label={`Page ${n}`}>
              {n}
            </a>
          )}
        </>
      ))}
      {page < pages && (
        <a rel="next" href={props.href(page + 1)}>
          Next →
        </a>
      )}
    </nav>
  );
}

/** A facet's checkboxes; values no result has are left out unless ticked. */
function Checks(props: { legend: string; name: string; values: string[]; counts?: Record<string, number>; checked: string[]; labels?: Record<string, string> }) {
  const values = props.values.filter((v) => (props.counts?.[v] ?? 0) > 0 || props.checked.includes(v));
  if (!values.length) return null;
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {values.map((v) => (
        <label>
          <input type="checkbox" name={props.name} value={v} checked={props.checked.includes(v)} /> {props.labels?.[v] ?? v} <span class="count">{props.counts?.[v] ?? 0}</span>
        </label>
      ))}
    </fieldset>
  );
}

const count = (facet: Record<string, number> | undefined, ...keys: string[]) => {
  const n = keys.reduce((s, k) => s + (facet?.[k] ?? 0), 0);
  return n ? `(${n.toLocaleString('en')})` : '';
};

/** The facet values worth a checkbox: the most frequent, plus whatever is already ticked. */
function topValues(facet: Record<string, number> | undefined, checked: string[]): string[] {
  const top = Object.entries(facet ?? {})
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .slice(0, FACET_LIMIT)
    .map(([k]) => k);
  return [...new Set([...checked, ...top])];
}

/** The parameters as a shareable URL carries them (defaults left out). */
export function formParams(p: SearchParams): [string, string][] {
  const out: [string, string][] = [];
  if (p.q) out.push(['q', p.q]);
  if (p.ecosystem) out.push(['ecosystem', p.ecosystem]);
  if (p.sort) out.push(['sort', p.sort]);
  for (const [key, values] of [['profile', p.profile], ['accel', p.accel], ['binding', p.binding], ['category', p.category], ['keyword', p.keyword], ['target', p.target], ['council', p.council], ['advisory', p.advisory]] as const)
    for (const v of values) out.push([key, v]);
  if (p.nostd) out.push(['nostd', 'true']);
  if (p.msrv) out.push(['msrv', p.msrv]);
  if (p.verbatim) out.push(['verbatim', 'true']);
  return out;
}
