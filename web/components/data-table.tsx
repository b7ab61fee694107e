import type { Child } from 'hono/jsx';

/** A column heading; `hidden` ones are read by screen readers only (an action column, a row-heading column). */
export type Column = Child | { label: string; hidden: true };

/**
 * The accessible table every page uses: it scrolls sideways inside its own focusable, labelled
 * region instead of widening the page, its headings are column headers, and `cards` turns each row
 * into a card on a phone (cells name their column through `data-label`).
 */
export function DataTable(props: { label: string; columns: Column[]; cards?: boolean; class?: string; caption?: Child; children: Child }) {
  const cls = [props.cards ? 'cards' : '', props.class ?? ''].filter(Boolean).join(' ');
  return (
    <div class="table-wrap" role="region" tabindex={0} aria-label={props.label}>
      <table class={cls || undefined}>
        {props.caption !== undefined && <caption class="visually-hidden">{props.caption}</caption>}
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th scope="col">{isHidden(c) ? <span class="visually-hidden">{c.label}</span> : c}</th>
            ))}
          </tr>
        </thead>
        <tbody>{props.children}</tbody>
      </table>
    </div>
  );
}

const isHidden = (c: Column): c is { label: string; hidden: true } => typeof c === 'object' && c !== null && 'hidden' in c;
