/** Previous / next links for a list page; `page` is 1-based, `href` builds a page's address. */
export function Pager(props: { href: (page: number) => string; page: number; nextPage: number | null }) {
  if (props.page <= 1 && !props.nextPage) return null;
  return (
    <nav class="pager" aria-label="Pages">
      {props.page > 1 && (
        <a rel="prev" href={props.href(props.page - 1)}>
          ← Previous
        </a>
      )}
      <span class="small muted">Page {props.page}</span>
      {props.nextPage && (
        <a rel="next" href={props.href(props.nextPage)}>
          Next →
        </a>
      )}
    </nav>
  );
}

/** A list page's own address with `?page=N` (page 1 has none, so there is one canonical URL). */
export const pageHref = (base: string) => (p: number) => (p === 1 ? base : `${base}?page=${p}`);
