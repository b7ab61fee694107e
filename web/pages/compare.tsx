import type { Child } from 'hono/jsx';
import { PROFILES } from '../../api/engine/compat/profiles.js';
import { formatCount, packageHref } from '../components/package-list.js';
import { type ClaimView, CompatCell } from '../components/compat.js';
import type { Comparison } from '../../api/packages/compare.js';

type Entry = Comparison[number];

/** Side by side: one column per crate, one row per question a developer asks. */
export function CompareView(props: { names: string[]; entries: Comparison }) {
  const { entries } = props;
  const cell = (e: Entry, subject: string) => (
    <CompatCell
      subject={subject}
      best={(e.compat.summary as ClaimView[]).find((c) => c.subject === subject)}
      all={(e.compat.claims as ClaimView[]).filter((c) => c.subject === subject)}
    />
  );
  const accels = (e: Entry) => e.compat.summary.filter((c) => c.subject.startsWith('accel:') && c.status === 'yes').map((c) => c.subject.slice(6));
  const natives = (e: Entry) => e.compat.summary.filter((c) => c.subject.startsWith('native:')).map((c) => c.subject.slice(7));
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
      <h1>Compare crates</h1>
      <form action="/compare" method="get" class="search-main-form">
        <label for="crates">Crates (two to four, comma-separated)</label>
        <input id="crates" type="text" name="crates" value={props.names.join(',')} placeholder="candle-core,burn,tch" />
        <button type="submit">Compare</button>
      </form>
      {entries.length < 2 ? (
        <p class="empty">
          Name two to four crates to see where each runs, side by side, with the evidence for every answer. For example{' '}
          <a href="/compare?crates=embedded-hal,heapless">embedded-hal and heapless</a>.
        </p>
      ) : (
        <div class="table-wrap" role="region" tabindex={0} aria-label="Comparison">
          <table class="compare">
            <caption class="visually-hidden">Compatibility of {entries.map((e) => e.pkg.name).join(', ')}</caption>
            <thead>
              <tr>
                <th scope="col">
                  <span class="visually-hidden">Question</span>
                </th>
                {entries.map((e) => (
                  <th scope="col">
                    <a href={packageHref('crates', e.pkg.name)}>{e.pkg.name}</a> <span class="small muted">{e.compat.version}</span>
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {row('Description', (e) => <span class="small">{e.pkg.description ?? ''}</span>)}
              {PROFILES.map((p) => row(p, (e) => cell(e, `profile:${p}`)))}
              {row('no_std', (e) => cell(e, 'nostd'))}
              {row('MSRV', (e) => e.compat.summary.find((c) => c.subject === 'msrv')?.status ?? <span class="muted">not declared</span>)}
              {row('Accelerators', (e) => accels(e).map((a) => <span class="badge">{a}</span>))}
              {row('Native libraries', (e) => natives(e).join(', '))}
              {row('npm bindings', (e) =>
                e.compat.bindings.map((b, i) => (
                  <>
                    {i > 0 && ', '}
                    <a href={packageHref('npm', b.npm)}>{b.npm}</a>
                  </>
                )),
              )}
              {row('License', (e) => e.pkg.license ?? '')}
              {row('Downloads', (e) => (e.pkg.downloads !== null ? formatCount(e.pkg.downloads) : <span class="muted">unknown</span>))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
