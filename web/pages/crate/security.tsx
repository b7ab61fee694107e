import { Empty, SafeLink } from '../../components/bits.js';
import type { AdvisoryBriefView, CrateAdvisoriesPage, CrateSecurity } from '../../../api/advisories/page.js';
import { DataTable } from '../../components/data-table.js';

const KIND_LABEL = { vulnerability: 'vulnerability', unmaintained: 'unmaintained', unsound: 'unsound', notice: 'notice' } as const;

/** A vulnerability reads as "no"; unsound and unmaintained notices as "partial"; a notice stays neutral. */
const kindClass = (a: AdvisoryBriefView) => (a.withdrawn ? 'badge' : a.kind === 'vulnerability' ? 'badge s-no' : a.kind === 'notice' ? 'badge' : 'badge s-partial');

export const advisoryHref = (id: string) => `/advisories/${encodeURIComponent(id)}`;

function Severity({ a }: { a: AdvisoryBriefView }) {
  if (a.withdrawn) return <span class="badge">withdrawn {a.withdrawn}</span>;
  return (
    <>
      <span class={kindClass(a)}>{KIND_LABEL[a.kind]}</span>
      {a.severity && (
        <span class={`badge ${a.severity.rating === 'critical' || a.severity.rating === 'high' ? 's-no' : a.severity.rating === 'medium' ? 's-partial' : ''}`}>
          {a.severity.rating} {a.severity.score.toFixed(1)} (CVSS {a.severity.version})
        </span>
      )}
    </>
  );
}

function AdvisoryItem({ a }: { a: AdvisoryBriefView }) {
  return (
    <li data-advisory={a.id}>
      <a href={advisoryHref(a.id)}>{a.id}</a> <Severity a={a} /> {a.title}
      <div class="small muted">
        {a.patched.length ? <>patched: {a.patched.map((p) => <code>{p} </code>)}</> : 'no patched release'}
        {a.aliases.length > 0 && <> · {a.aliases.join(', ')}</>}
        {a.url && (
          <>
            {' · '}
            <SafeLink href={a.url}>details</SafeLink>
          </>
        )}
      </div>
    </li>
  );
}

/** Shown under the header when the newest version is affected by a vulnerability or an unmaintained/unsound notice. */
export function SecurityBanner({ security, name }: { security: CrateSecurity; name: string }) {
  if (!security.banner.length) return null;
  const kinds = [...new Set(security.banner.map((a) => a.kind))];
  return (
    <p class="notice warn" role="status" id="security-banner">
      {name} {security.newest} (the newest version) is affected by {security.banner.length === 1 ? 'an advisory' : `${security.banner.length} advisories`}{' '}
      ({kinds.join(', ')}): {security.banner.map((a, i) => (
        <>
          {i > 0 && ', '}
          <a href={advisoryHref(a.id)}>{a.id}</a>
        </>
      ))}
      . <a href="#security">See Security</a>.
    </p>
  );
}

/** The Security section: the shown version's advisories first, then those of other versions and withdrawn ones. */
export function SecuritySection({ security }: { security: CrateSecurity }) {
  return (
    <>
      <h2 id="security">Security</h2>
      <p class="small muted">
        From the RustSec advisory database. A version is affected unless a patched or unaffected requirement of the advisory
        matches it (cargo-audit's rule); withdrawn advisories affect nothing.
      </p>
      <h3 id="security-this-version">Version {security.shown}</h3>
      {security.forVersion.length ? (
        <ul class="plain" aria-label={`Advisories affecting ${security.shown}`}>
          {security.forVersion.map((a) => <AdvisoryItem a={a} />)}
        </ul>
      ) : (
        <Empty>No known advisory affects this version.</Empty>
      )}
      <p>
        <a href={`/crates/${security.name}/advisories?version=${encodeURIComponent(security.shown)}`}>Advisories reached through dependencies</a>{' '}
        <span class="small muted">(the versions a default build of {security.shown} pulls in, with the path to each)</span>
      </p>
      {security.others.length > 0 && (
        <details id="security-other-versions">
          <summary>{security.others.length} other advisories filed against this crate (other versions, or withdrawn)</summary>
          <ul class="plain">{security.others.map((a) => <AdvisoryItem a={a} />)}</ul>
        </details>
      )}
    </>
  );
}

/** The mark beside an affected version in the versions list. */
export function AffectedMark({ ids }: { ids: string[] | undefined }) {
  if (!ids?.length) return null;
  return (
    <span class="badge s-no" title={ids.join(', ')}>
      advisory<span class="visually-hidden">: {ids.join(', ')}</span>
    </span>
  );
}

/** `/crates/{name}/advisories`: a version's advisories, direct and through its dependencies with their paths. */
export function CrateAdvisoriesView({ page }: { page: CrateAdvisoriesPage }) {
  const crateHref = `/crates/${page.name}?version=${encodeURIComponent(page.version)}`;
  return (
    <article>
      <p class="small muted">
        <a href={crateHref}>
          {page.name} {page.version}
        </a>
      </p>
      <h1>
        Advisories for {page.name} {page.version}
      </h1>
      <p class="small muted">
        Dependencies resolve as Cargo would pick them by default: the newest release each requirement allows that is not yanked,
        with the default features; {page.dependenciesWalked} dependency versions indexed here are reached.
      </p>
      <h2 id="direct">This version</h2>
      {page.direct.length ? <ul class="plain">{page.direct.map((a) => <AdvisoryItem a={a} />)}</ul> : <Empty>No known advisory affects this version.</Empty>}
      <h2 id="through-dependencies">Through dependencies</h2>
      {page.throughDependencies.length ? (
        <DataTable label="Advisories reached through dependencies" columns={['Advisory', 'Path', 'Semver-compatible fix']}>
          {page.throughDependencies.map((f) => (
            <tr data-advisory={f.advisory.id}>
              <td>
                <a href={advisoryHref(f.advisory.id)}>{f.advisory.id}</a> <Severity a={f.advisory} />
                <div class="small">{f.advisory.title}</div>
              </td>
              <td class="small">
                {f.path.join(' → ')} <span class="muted">(asks {f.requirement})</span>
              </td>
              <td>{f.semverCompatibleFix ? <>yes: {f.fixVersion}</> : <span class="muted">no: a requirement on the path must change</span>}</td>
            </tr>
          ))}
        </DataTable>
      ) : (
        <Empty>No known advisory reaches this version through its dependencies.</Empty>
      )}
    </article>
  );
}
