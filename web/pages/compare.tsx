import type { Child } from 'hono/jsx';
import { PROFILES } from '../../api/engine/compat/profiles.js';
import { formatCount, packageHref } from '../components/package-list.js';
import { type ClaimView, CompatCell } from '../components/compat.js';
import type { Comparison } from '../../api/packages/compare.js';
import { type FormState, FormErrors } from '../components/forms.js';
import { DataTable } from '../components/data-table.js';

type Entry = Comparison[number];

/**
 * Side by side: one column per package (crates and npm packages), one row per question a developer
 * asks. A name that is not indexed comes back in the form, with the error beside it.
 */
export function CompareView(props: { typed: string; entries: Comparison; state?: FormState }) {
  const { entries } = props;
  const typed = props.typed.split(',').map((x) => x.trim()).filter(Boolean);
  const label = (path: string) => (/^crates\.\d+$/.test(path) ? `“${typed[Number(path.split('.')[1])] ?? ''}”` : 'Packages');
  const none = <span class="muted small">none found</span>;
  const heading = (e: Entry) => (
    <>
      <a href={packageHref(e.compat.ecosystem, e.pkg.name)}>{e.pkg.name}</a> <span class="small muted">{e.compat.ecosystem === 'npm' ? 'npm ' : ''}{e.compat.version}</span>
    </>
  );
  const cell = (e: Entry, subject: string) => (
    <CompatCell
      subject={subject}
      best={(e.compat.summary as ClaimView[]).find((c) => c.subject === subject)}
      all={(e.compat.claims as ClaimView[]).filter((c) => c.subject === subject)}
    />
  );
  const accels = (e: Entry) => e.compat.summary.filter((c) => c.subject.startsWith('accel:') && c.status === 'yes').map((c) => c.subject.slice(6));
  const natives = (e: Entry) => e.compat.summary.filter((c) => c.subject.startsWith('native:') && c.status !== 'no').map((c) => c.subject.slice(7));
  const bindings = (e: Entry): Child => {
    if (e.compat.ecosystem === 'npm') {
      const b = e.compat.binding;
      if (!b) return <span class="muted small">not a Rust binding as far as Ferrite can tell</span>;
      return (
        <>
          {b.kind} binding{b.crate ? <> of <a href={packageHref('crates', b.crate)}>{b.crate}</a></> : ''}
          {b.triples.length ? <span class="small muted"> · {b.triples.length} prebuilt targets</span> : ''}
        </>
      );
    }
    if (!e.compat.bindings.length) return none;
    return e.compat.bindings.map((b, i) => (
      <>
        {i > 0 && ', '}
        <a href={packageHref('npm', b.npm)}>{b.npm}</a> <span class="small muted">({b.kind})</span>
      </>
    ));
  };
  const row = (label: string, render: (e: Entry) => Child) => (
    <tr>
      <th scope="row">{label}</th>
      {entries.map((e) => (
        <td>{render(e)}</td>
      ))}
    </tr>
  );
  return (
    <>
      <h1>Compare packages</h1>
      <form action="/compare" method="get" class="stack compare-form">
        <label for="crates">Crates or npm packages (two to four, comma-separated; write npm:name for the npm one when both exist)</label>
        <div class="search-main-form">
          <input id="crates" type="text" name="crates" value={props.typed} placeholder="candle-core,burn,tch" aria-invalid={props.state ? 'true' : undefined} aria-describedby={props.state ? 'compare-error' : undefined} />
          <button type="submit">Compare</button>
        </div>
        <div id="compare-error">
          <FormErrors state={props.state} label={label} />
        </div>
      </form>
      {props.state ? null : entries.length < 2 ? (
        <p class="empty">
          Name two to four crates or npm packages to see where each runs, side by side, with the evidence for every answer. For example{' '}
          <a href="/compare?crates=embedded-hal,heapless">embedded-hal and heapless</a>.
        </p>
      ) : (
        <>
          <p class="small muted scroll-hint">The table scrolls sideways: the questions stay on the left.</p>
          <DataTable label="Comparison" columns={[{ label: 'Question', hidden: true }, ...entries.map(heading)]} class="compare" caption={`Compatibility of ${entries.map((e) => e.pkg.name).join(', ')}`}>
            {row('Description', (e) => (e.pkg.description ? <span class="small">{e.pkg.description}</span> : <span class="muted small">not known</span>))}
            {PROFILES.map((p) => row(p, (e) => cell(e, `profile:${p}`)))}
            {row('no_std', (e) => cell(e, 'nostd'))}
            {row('MSRV', (e) => e.compat.summary.find((c) => c.subject === 'msrv')?.status ?? <span class="muted">not declared</span>)}
            {row('Accelerators', (e) => (accels(e).length ? accels(e).map((a) => <span class="badge">{a}</span>) : none))}
            {row('Native libraries', (e) => (natives(e).length ? natives(e).map((n) => <code>{n} </code>) : none))}
            {row('npm bindings', bindings)}
            {row('License', (e) => e.pkg.license ?? <span class="muted">not known</span>)}
            {row('Downloads', (e) => (e.pkg.downloads !== null ? formatCount(e.pkg.downloads) : <span class="muted">not known</span>))}
          </DataTable>
        </>
      )}
    </>
  );
}
