import { Empty } from '../components/bits.js';
import { type PackageCard, PackageList } from '../components/package-list.js';
import { Pager, pageHref } from '../components/pager.js';
import type { CategoryNode } from '../../api/categories/service.js';

export function CategoriesView(props: { tree: CategoryNode[] }) {
  const top = props.tree.filter((c) => !c.parentSlug);
  const children = (slug: string) => props.tree.filter((c) => c.parentSlug === slug);
  return (
    <>
      <h1>Categories</h1>
      <p class="lead">The crates.io category tree, with how many indexed packages each holds.</p>
      {top.length ? (
        <ul class="tiles">
          {top.map((c) => (
            <li>
              <a href={`/categories/${c.slug}`}>
                <strong>{c.name}</strong>
                <span class="small muted">
                  {c.count.toLocaleString('en')} packages
                  {children(c.slug).length ? ` · ${children(c.slug).length} subcategories` : ''}
                </span>
              </a>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>
          No categories yet: they come with the crates.io database dump (<code>ferrite index dump</code>) or the category file (
          <code>ferrite index categories categories.toml</code>).
        </Empty>
      )}
    </>
  );
}

export function CategoryView(props: { category: CategoryNode; parent: CategoryNode | null; subcategories: CategoryNode[]; items: PackageCard[]; total: number; page: number; nextPage: number | null }) {
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
                <a href={`/categories/${s.slug}`}>{s.name}</a> <span class="small muted">{s.count.toLocaleString('en')} packages</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 id="packages">Packages</h2>
      <p class="small muted">
        {props.total.toLocaleString('en')} packages, most downloaded first. <a href={`/search?category=${encodeURIComponent(c.slug)}`}>Filter these</a> ·{' '}
        <a href={`/feeds/categories/${c.slug}.atom`}>Atom feed</a>
      </p>
      {props.total ? <PackageList items={props.items} /> : <Empty>No indexed package is in this category yet.</Empty>}
      <Pager href={pageHref(`/categories/${c.slug}`)} page={props.page} nextPage={props.nextPage} />
    </>
  );
}
