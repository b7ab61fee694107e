import type { MaintenanceSignals } from '../../api/advisories/maintenance.js';
import type { Health } from '../../api/contributors/health.js';
import type { personView } from '../../api/contributors/service.js';
import { CONTRIBUTION_TYPES } from '../../api/contributors/service.js';
import { Empty, formatDate } from '../components/bits.js';
import { MaintenanceSignalsView } from '../components/maintenance-signals.js';
import { packageHref } from '../components/package-list.js';
import { type Ballot, ballotText } from './governance/common.js';

const COLORS = ['#b7410e', '#0b57d0', '#1a7f37', '#8250df', '#bf8700', '#cf222e', '#0a7ea4', '#57606a', '#953800'];
const colorOf = (type: string) => COLORS[Math.max(0, CONTRIBUTION_TYPES.indexOf(type as never)) % COLORS.length]!;

/** Contributions by type over the years: a server-rendered stacked bar chart, with its numbers as text too. */
export function ContributionChart(props: { timeline: { year: number; type: string; weight: number }[] }) {
  const years = [...new Set(props.timeline.map((t) => t.year))].sort();
  if (!years.length) return <Empty>No contributions recorded yet.</Empty>;
  const types = [...new Set(props.timeline.map((t) => t.type))].sort();
  const total = (y: number) => props.timeline.filter((t) => t.year === y).reduce((s, t) => s + t.weight, 0);
  const max = Math.max(...years.map(total));
  const W = 40;
  const H = 160;
  const width = years.length * (W + 12) + 40;
  const summary = years.map((y) => `${y}: ${props.timeline.filter((t) => t.year === y).map((t) => `${t.type} ${t.weight}`).join(', ')}`).join('; ');
  return (
    <figure>
      <svg class="chart" width={width} height={H + 30} viewBox={`0 0 ${width} ${H + 30}`} role="img" aria-label={`Contributions by type per year. ${summary}`}>
        <title>Contributions by type per year</title>
        {years.map((y, i) => {
          let top = H;
          return (
            <g>
              {types.map((type) => {
                const w = props.timeline.find((t) => t.year === y && t.type === type)?.weight ?? 0;
                const h = (w / max) * (H - 10);
                top -= h;
                return w ? (
                  <rect x={20 + i * (W + 12)} y={top} width={W} height={h} fill={colorOf(type)}>
                    <title>{`${y} ${type}: ${w}`}</title>
                  </rect>
                ) : null;
              })}
              <text x={20 + i * (W + 12) + W / 2} y={H + 18} text-anchor="middle" font-size="12" fill="currentColor">
                {y}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption class="small">
        {types.map((t) => (
          <span class="legend">
            <svg width="10" height="10" aria-hidden="true">
              <rect width="10" height="10" fill={colorOf(t)} />
            </svg>{' '}
            {t}{' '}
          </span>
        ))}
      </figcaption>
    </figure>
  );
}

export function PersonPage(props: { data: Awaited<ReturnType<typeof personView>> }) {
  const { person, identities, affiliations, packages, timeline, councils, votes, suggestions } = props.data;
  return (
    <>
      <h1>{person.name}</h1>
      <h2>Identities</h2>
      <ul class="plain">
        {identities.map((i) => (
          <li>
            <span class="eco">{i.kind === 'name' ? 'author name' : i.kind}</span> {i.display}
          </li>
        ))}
      </ul>
      {affiliations.length > 0 && (
        <>
          <h2>Affiliations</h2>
          <ul class="plain">
            {affiliations.map((a) => (
              <li>
                {a.org} <span class="small muted">{a.since ?? 'from the start'} – {a.until ?? 'now'}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Contributions</h2>
      <ContributionChart timeline={timeline} />
      <h2>Packages</h2>
      {packages.length ? (
        <ul class="plain">
          {packages.map((p) => (
            <li>
              <a href={packageHref(p.ecosystem, p.name)}>{p.name}</a> <span class="small muted">{p.types.join(', ')} · {p.n}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No package contributions recorded.</Empty>
      )}
      {councils.length > 0 && (
        <>
          <h2>Councils</h2>
          <ul class="plain">
            {councils.map((c) => (
              <li>
                <a href={`/councils/${c.slug}`}>{c.name}</a> {c.role === 'chair' && <span class="badge">chair</span>}
              </li>
            ))}
          </ul>
        </>
      )}
      {votes.length > 0 && (
        <>
          <h2>Votes in public ballots</h2>
          <ul class="plain">
            {votes.map((v) => (
              <li>
                <a href={`/proposals/${v.proposal}`}>{v.title}</a> <span class="small">{ballotText(v.choice as Ballot)}</span>
              </li>
            ))}
          </ul>
        </>
      )}
      {suggestions.length > 0 && (
        <>
          <h2>Possibly the same person</h2>
          <ul class="plain small">
            {suggestions.map((s) => (
              <li>
                <a href={`/people/${s.other}`}>{s.otherName}</a> — {s.reason} (the people involved, or an admin, can merge them)
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}

export function PackageContributorsView(props: { ecosystem: 'crates' | 'npm'; name: string; people: { id: number; name: string; types: string[]; weight: number; last: string }[]; health: Health; maintenance: MaintenanceSignals }) {
  const h = props.health;
  const fig = (label: string, value: string | number | null, formula: string) => (
    <>
      <dt>{label}</dt>
      <dd>
        <strong>{value ?? 'unknown'}</strong> <span class="small muted">— {formula}</span>
      </dd>
    </>
  );
  return (
    <>
      <p class="small">
        <a href={packageHref(props.ecosystem, props.name)}>{props.name}</a> › Contributors
      </p>
      <h1>Contributors to {props.name}</h1>
      {h.lookingForMaintainers && (
        <p class="notice warn" role="note">
          The maintainers are looking for help.
        </p>
      )}
      <h2>Health</h2>
      <MaintenanceSignalsView signals={props.maintenance} />
      <dl class="health">
        {fig('Active maintainers', `${h.activeMaintainers90} in 90 days, ${h.activeMaintainers365} in a year`, h.formulas.activeMaintainers!)}
        {fig('Contributor absence factor', h.absenceFactor, h.formulas.absenceFactor!)}
        {fig('Elephant factor', h.elephantFactor, h.formulas.elephantFactor!)}
        {fig('Release cadence', h.releaseCadenceDays === null ? null : `${h.releaseCadenceDays} days`, h.formulas.releaseCadence!)}
        {fig('Last release', h.lastReleaseDays === null ? null : `${h.lastReleaseDays} days ago`, h.formulas.lastRelease!)}
      </dl>
      <p class="small muted">
        A crate that is finished — small, correct, with nothing left to add — may not need a release for years. An old last release is not by itself a
        sign of abandonment; look at open issues and the maintenance status the owners declare.
      </p>
      <h2>People</h2>
      {props.people.length ? (
        <ul class="plain">
          {props.people.map((p) => (
            <li>
              <a href={`/people/${p.id}`}>{p.name}</a> <span class="small muted">{p.types.join(', ')} · last {formatDate(p.last)}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No contributions are recorded for this selection yet.</Empty>
      )}
    </>
  );
}

export function LeaderboardView(props: { items: { id: number; name: string; weight: number; packages: number }[]; q: { days: number; type?: string; category?: string; profile?: string } }) {
  return (
    <>
      <h1>Contributors</h1>
      <p class="lead">People ranked by weighted contributions: code, maintenance, publishing, metadata, compatibility reports, governance — not only code.</p>
      <form method="get" action="/contributors" class="filters">
        <div>
          <label for="days">Period</label>
          <select id="days" name="days">
            {[[90, 'last 90 days'], [365, 'last year'], [3650, 'all time']].map(([d, l]) => (
              <option value={String(d)} selected={props.q.days === d}>
                {l}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="type">Type</label>
          <select id="type" name="type">
            <option value="">all types</option>
            {CONTRIBUTION_TYPES.map((t) => (
              <option value={t} selected={props.q.type === t}>
                {t}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="profile">Profile</label>
          <select id="profile" name="profile">
            <option value="">any</option>
            {['cloud', 'wasm', 'embedded', 'wasi', 'mobile'].map((p) => (
              <option value={p} selected={props.q.profile === p}>
                {p}
              </option>
            ))}
          </select>
        </div>
        <div>
          <label for="category">Category</label>
          <input id="category" name="category" type="text" value={props.q.category ?? ''} placeholder="embedded" />
        </div>
        <button type="submit">Show</button>
      </form>
      {props.items.length ? (
        <ol>
          {props.items.map((p) => (
            <li>
              <a href={`/people/${p.id}`}>{p.name}</a> <span class="small muted">score {Math.round(p.weight * 10) / 10} · {p.packages ? `${p.packages} ${p.packages === 1 ? 'package' : 'packages'}` : 'no package yet'}</span>
            </li>
          ))}
        </ol>
      ) : (
        <Empty>No contributions in this selection.</Empty>
      )}
    </>
  );
}

export function ThanksView(props: { name: string; version: string; people: { id: number; name: string; types: string[] }[] }) {
  return (
    <>
      <h1>
        Thanks for {props.name} {props.version}
      </h1>
      {props.people.length ? (
        <ul class="plain">
          {props.people.map((p) => (
            <li>
              <a href={`/people/${p.id}`}>{p.name}</a> <span class="small muted">{p.types.join(', ')}</span>
            </li>
          ))}
        </ul>
      ) : (
        <Empty>No one is recorded for this release yet.</Empty>
      )}
      <p>
        <a href={`/crates/${props.name}?version=${encodeURIComponent(props.version)}`}>Back to {props.name} {props.version}</a>
      </p>
    </>
  );
}
