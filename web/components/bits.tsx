import type { Child } from 'hono/jsx';

/** A copyable command: selectable text, no script needed. */
export function Snippet(props: { label: string; text: string }) {
  return (
    <div class="snippet">
      <span class="small muted">{props.label}</span>
      <code>{props.text}</code>
    </div>
  );
}

export function Empty(props: { children?: Child }) {
  return <p class="empty">{props.children}</p>;
}

export const formatDate = (d: Date | string | null) => (d ? new Date(d).toISOString().slice(0, 10) : '');

/** Only http(s) links from package metadata become anchors; anything else is shown as text. */
export function SafeLink(props: { href: string | null; children?: Child }) {
  if (!props.href) return null;
  return /^https?:\/\//i.test(props.href) ? <a href={props.href} rel="nofollow noopener">{props.children ?? props.href}</a> : <span>{props.href}</span>;
}

/** A labelled link in a package's facts list, left out when the package gives none. */
export function LinkFact(props: { label: string; href: string | null | undefined }) {
  if (!props.href) return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd>
        <SafeLink href={props.href} />
      </dd>
    </>
  );
}
