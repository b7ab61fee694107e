/** The orders a category or target list offers, each named with the signal it sorts by. */
export const LIST_SORTS = {
  downloads: 'Most downloaded (crates.io and npm download counts)',
  recent: 'Recently published (date of the newest version)',
  name: 'Name (A to Z)',
  dependents: 'Most depended on (how many indexed crates use each directly)',
} as const;
export type ListSort = keyof typeof LIST_SORTS;
/** The orders the search engine gives; `dependents` comes from the reverse-dependency counts, which category lists read. */
const ENGINE_SORTS: readonly ListSort[] = ['downloads', 'recent', 'name'];

export const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/**
 * How many packages a list holds and in which order, with a GET form to change the order (works
 * without JavaScript). When no listed package has a download count, the download order says so
 * instead of claiming "most downloaded first".
 */
export function ListSummary(props: { base: string; total: number; sort: ListSort; downloadsKnown: boolean; sorts?: readonly ListSort[] }) {
  const byNameInstead = props.sort === 'downloads' && !props.downloadsKnown;
  const order = byNameInstead ? 'Download counts are not known for these packages, so they are listed by name.' : `Sorted by ${LIST_SORTS[props.sort].toLowerCase()}.`;
  // Without download counts the menu offers no download order, and shows the order actually used.
  const shown = byNameInstead ? 'name' : props.sort;
  const sorts = (props.sorts ?? ENGINE_SORTS).filter((k) => k !== 'downloads' || props.downloadsKnown);
  return (
    <form method="get" action={props.base} class="list-sort">
      <p class="small muted">
        <strong>{plural(props.total, 'package')}</strong>. {order}
      </p>
      <label for="sort" class="small">
        Order
      </label>{' '}
      <select id="sort" name="sort">
        {sorts.map((k) => (
          <option value={k} selected={shown === k}>
            {LIST_SORTS[k]}
          </option>
        ))}
      </select>{' '}
      <button type="submit" class="secondary">
        Sort
      </button>
    </form>
  );
}

/** A list page's address for page `p` in the chosen order (the defaults add nothing, so each list has one canonical URL). */
export const sortedPageHref = (base: string, sort: ListSort) => (p: number) => {
  const q = new URLSearchParams();
  if (sort !== 'downloads') q.set('sort', sort);
  if (p > 1) q.set('page', String(p));
  const s = q.toString();
  return s ? `${base}?${s}` : base;
};
