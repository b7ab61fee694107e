import { Empty } from '../components/bits.js';
import { type PackageCard, PackageList } from '../components/package-list.js';
import { Pager } from '../components/pager.js';
import type { CategoryNode } from '../../api/categories/service.js';
import type { Recommendation } from '../../api/governance/queries.js';
import { type ListSort, ListSummary, plural, sortedPageHref } from '../components/list-sort.js';
import { packageHref } from '../components/package-list.js';

export function CategoriesView(props: { tree: CategoryNode[] }) {
  const top = props.tree.filter((c) => !c.parentSlug);
  const children = (slug: string) => props.tree.filter((c) => c.parentSlug === slug);
  return (
    <>
      <h1>Categories</h1>
      <p class="lead">The crates.io category tree, with how many indexed packages each holds: the categories a package's publisher chose, from the registry or its Cargo.toml.</p>
      {top.length ? (
        <ul class="tiles">
          {top.map((c) => (
            <li>
              <a href={`/categories/${c.slug}`}>
                <strong>{c.name}</strong>
                <span class="small muted">
                  {plural(c.count, 'package')}
                  {children(c.slug).length ? ` · ${plural(children(c.slug).length, 'subcategory', 'subcategories')}` : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No categories are known yet: none of the indexed packages names one.</Empty>
      )}
    </>
  );
}

export function CategoryView(props: {
  category: CategoryNode;
  parent: CategoryNode | null;
  subcategories: CategoryNode[];
  recommended: Recommendation[];
  items: PackageCard[];
  total: number;
  sort: ListSort;
  page: number;
  nextPage: number | null;
}) {
  const c = props.category;
  return (
    <>
      <nav aria-label="Breadcrumb" class="small">
        <a href="/categories">Categories</a>
        {props.parent && (
          <>
            {' › '}
            <a href={`/categories/${props.parent.slug}`}>{props.parent.name}</a>
          </>
        )}
      </nav>
      <h1>{c.name}</h1>
      {c.description && <p class="lead">{c.description}</p>}
      {props.subcategories.length > 0 && (
        <>
          <h2>Subcategories</h2>
          <ul class="plain">
            {props.subcategories.map((s) => (
              <li>
                <a href={`/categories/${s.slug}`}>{s.name}</a> <span class="small muted">{plural(s.count, 'package')}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {props.recommended.length > 0 && (
        <section aria-labelledby="recommended">
          <h2 id="recommended">Recommended</h2>
          <ul class="results">
            {props.recommended.map((r) => (
              <li class="result recommended">
                <h3>
                  <a href={packageHref(r.ecosystem, r.name)}>{r.name}</a>
                </h3>
                <p class="small">
                  <span class="badge council">recommended</span> by <a href={`/councils/${r.councilSlug}`}>{r.council}</a> (<a href={`/proposals/${r.proposalId}`}>proposal #{r.proposalId}</a>)
                </p>
                {r.description && <p>{r.description}</p>}
                {r.scope !== c.slug && <p class="small muted">for {r.scope}</p>}
              </li>
            ))}
          </ul>
        </section>
      )}
      <h2 id="packages">Packages</h2>
      <ListSummary base={`/categories/${c.slug}`} total={props.total} sort={props.sort} downloadsKnown={props.items.some((i) => i.downloads > 0)} sorts={['downloads', 'dependents', 'recent', 'name']} />
      <p class="small">
        <a href={`/search?category=${encodeURIComponent(c.slug)}`}>Filter these</a> · <a href={`/feeds/categories/${c.slug}.atom`}>Atom feed</a> ·{' '}
        <a href={`/feeds/advisories/categories/${c.slug}.atom`}>Advisories feed</a>
      </p>
      {props.total ? <PackageList items={props.items} /> : <Empty>No indexed package is in this category yet.</Empty>}
      <Pager href={sortedPageHref(`/categories/${c.slug}`, props.sort)} page={props.page} nextPage={props.nextPage} />
    </>
  );
}
