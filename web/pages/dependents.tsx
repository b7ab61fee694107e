import { Empty } from '../components/bits.js';
import { packageHref } from '../components/package-list.js';
import { Pager } from '../components/pager.js';
import type { DependentsPage } from '../../api/dependents/contracts.js';

const KIND_LABEL = { direct: 'Direct', all: 'All, through dependencies' } as const;

/** `/crates/{name}/dependents[?kind=all][&page=N]`, with the defaults left out so each list has one address. */
export const dependentsHref = (name: string, kind: 'direct' | 'all', page = 1) => {
  const q = new URLSearchParams();
  if (kind !== 'direct') q.set('kind', kind);
  if (page > 1) q.set('page', String(page));
  const s = q.toString();
  return `/crates/${name}/dependents${s ? `?${s}` : ''}`;
};

export function DependentsView({ page }: { page: DependentsPage }) {
  const crate = page.crate;
  const nextPage = page.page * page.perPage < page.total ? page.page + 1 : null;
  return (
    <>
      <nav aria-label="Breadcrumb" class="small">
        <a href={packageHref('crates', crate)}>{crate}</a> › Dependents
      </nav>
      <h1>Crates that use {crate}</h1>
      {page.counts ? (
        <p class="lead">
          {page.counts.direct.toLocaleString('en')} {page.counts.direct === 1 ? 'crate uses' : 'crates use'} {crate} directly;{' '}
          {page.counts.all.toLocaleString('en')} in all, counting those that use it through other crates.
        </p>
      ) : (
        <p class="lead">The counts have not been computed yet: they are after the next indexing run.</p>
      )}
      <p class="small muted">{page.rule}</p>
      <nav aria-label="Which dependents">
        <p>
          {(['direct', 'all'] as const).map((k, i) => (
            <>
              {i > 0 && ' · '}
              {k === page.kind ? <strong aria-current="page">{KIND_LABEL[k]}</strong> : <a href={dependentsHref(crate, k)}>{KIND_LABEL[k]}</a>}
            </>
          ))}
        </p>
      </nav>
      <h2 id="list">
        {page.total.toLocaleString('en')} {page.total === 1 ? 'crate' : 'crates'}
      </h2>
      <p class="small muted">Sorted by how many crates use each directly (the popularity signal that needs no download counts), then by name.</p>
      {page.items.length ? (
        <ul class="results">
          {page.items.map((d) => (
            <li class="result">
              <h3>
                <a href={packageHref('crates', d.name)}>{d.name}</a>
                {d.version && <span class="muted small">{d.version}</span>}
                <span class="muted small">used by {d.dependents.toLocaleString('en')}</span>
              </h3>
              {d.description && <p>{d.description}</p>}
              {d.direct && d.req !== null ? (
                <p class="small">
                  requires <code>{d.req}</code>
                  {d.kinds.includes('build') && <span class="badge">{d.kinds.includes('normal') ? 'normal and build' : 'build'}</span>}
                  {d.optional && <span class="badge">optional</span>}
                </p>
              ) : (
                <p class="small muted">through other crates</p>
              )}
            </li>
          ))}
        </ul>
      ) : (
        <Empty>{page.page > 1 ? 'No more crates: this page is past the end of the list.' : `No indexed crate uses ${crate}${page.kind === 'direct' ? ' directly' : ''}.`}</Empty>
      )}
      <Pager href={(p) => dependentsHref(crate, page.kind, p)} page={page.page} nextPage={nextPage} />
    </>
  );
}
