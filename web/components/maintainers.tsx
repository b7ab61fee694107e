import type { Manifest } from '../../api/metadata/manifest.js';
import type { Child } from 'hono/jsx';
import { formatDate } from './bits.js';
import type { ClaimView } from './compat.js';
import { packageHref } from './package-list.js';
import { subjectWord } from '../../api/compat/words.js';

type Published = { manifest: Manifest; publishedBy: string; publishedAt: Date; revision: number } | null;

const WORDS: Record<string, string> = {
  active: 'Actively maintained',
  'passively-maintained': 'Passively maintained: issues and pull requests are handled, no new features planned',
  'looking-for-maintainers': 'Looking for maintainers',
  deprecated: 'Deprecated',
};

/** What the owners declared about maintenance, at the top of the page where nobody misses it. */
export function MaintenanceBanner(props: { metadata: Published }) {
  const m = props.metadata?.manifest.maintenance;
  if (!m || m.status === 'active') return null;
  return (
    <p class={m.status === "deprecated" ? "form-error" : "notice warn"} role="note">
      <strong>{WORDS[m.status]}</strong>
      {m.replacement && (
        <>
          {' '}
          — use <a href={packageHref(m.replacement.ecosystem, m.replacement.name)}>{m.replacement.name}</a> instead
        </>
      )}
      {m.note ? `. ${m.note}` : '.'} <span class="small">(declared by {props.metadata!.publishedBy})</span>
    </p>
  );
}

/** Where the owners' declarations and Ferrite's inference give different answers. */
export function Disagreements(props: { claims: ClaimView[] }) {
  const bySubject = new Map<string, Set<string>>();
  for (const c of props.claims) if (c.sourceKind !== 'verified') bySubject.set(c.subject, new Set([...(bySubject.get(c.subject) ?? []), `${c.sourceKind}:${c.status}`]));
  const subjects = [...bySubject].filter(([, s]) => {
    const kinds = [...s].map((x) => x.split(':')[0]);
    return kinds.includes('declared') && kinds.includes('inferred') && new Set([...s].map((x) => x.split(':')[1])).size > 1;
  });
  if (!subjects.length) return null;
  return (
    <p class="notice warn" role="note">
      The maintainers' declaration and Ferrite's inference disagree on {subjects.map(([s]) => subjectWord(s)).join(', ')}. Open those cells to compare the evidence.
    </p>
  );
}

/** Owners on Ferrite, the newest declaration, alternatives, and the owners' way in. */
export function MaintainerFacts(props: { metadata: Published; owners: { username: string }[]; manageHref: string | null }) {
  const alternatives = props.metadata?.manifest.alternatives ?? [];
  const declared = props.metadata?.manifest.bindings;
  const bindingLinks = [...(declared?.npm ?? []).map((n) => ({ ecosystem: 'npm' as const, name: n })), ...(declared?.crate ? [{ ecosystem: 'crates' as const, name: declared.crate }] : [])];
  return (
    <>
      {props.owners.length > 0 && (
        <>
          <dt>Owners on Ferrite</dt>
          <dd>{props.owners.map((o) => o.username).join(', ')}</dd>
        </>
      )}
      {props.metadata && (
        <>
          <dt>Declared metadata</dt>
          <dd>
            revision {props.metadata.revision} by {props.metadata.publishedBy}, {formatDate(props.metadata.publishedAt)}
          </dd>
        </>
      )}
      {alternatives.length > 0 && (
        <>
          <dt>Alternatives</dt>
          <dd>
            {alternatives.map((a, i) => (
              <>
                {i > 0 && ', '}
                <a href={packageHref(a.ecosystem, a.name)}>{a.name}</a>
              </>
            ))}
          </dd>
        </>
      )}
      {bindingLinks.length > 0 && (
        <>
          <dt>Bindings (declared)</dt>
          <dd>
            {bindingLinks.map((b, i) => (
              <>
                {i > 0 && ', '}
                <a href={packageHref(b.ecosystem, b.name)}>{b.name}</a>
              </>
            ))}
          </dd>
        </>
      )}
      {props.manageHref && (
        <>
          <dt>You own this package</dt>
          <dd>
            <a href={props.manageHref}>Publish metadata and manage owners</a>
          </dd>
        </>
      )}
    </>
  );
}

type Decision = { kind: string; scope: string | null; note: string | null; proposalId: number; council: string };

/** What councils decided about the package, each linked to the vote that decided it. */
export function CouncilDecisions(props: { decisions: Decision[] }) {
  if (!props.decisions.length) return null;
  return (
    <p class="badges">
      {props.decisions.map((d) => (
        <a class={`badge ${d.kind === 'deprecated' ? 's-no' : 'council'}`} href={`/proposals/${d.proposalId}`}>
          {d.kind === 'recommended' ? `Recommended by the ${d.council}${d.scope ? ` for ${d.scope}` : ''}` : d.kind === 'deprecated' ? `Deprecated by the ${d.council}${d.note ? `: ${d.note}` : ''}` : `Ownership transferred by the ${d.council}`}
        </a>
      ))}
    </p>
  );
}

/** The top of a package page: name, version, ecosystem, description, council decisions, maintenance, badges. */
export function PackageHeader(props: { name: string; version: string; ecosystem: string; yanked?: boolean; description: string | null; decisions: Decision[]; metadata: Published; base: string; thanks?: string; children?: Child }) {
  return (
    <header>
      <div class="pkg-head">
        <h1>{props.name}</h1>
        <span class="muted">{props.version}</span>
        {props.yanked && <span class="badge s-no">yanked</span>}
        <span class="eco">{props.ecosystem}</span>
      </div>
      {props.description && <p class="lead">{props.description}</p>}
      <CouncilDecisions decisions={props.decisions} />
      <MaintenanceBanner metadata={props.metadata} />
      {props.children}
      <nav class="tabs small" aria-label="Package sections">
        <a href={props.base} aria-current="page">
          Overview
        </a>{' '}
        · <a href={`${props.base}/contributors`}>Contributors</a>
        {props.thanks && (
          <>
            {' '}
            · <a href={props.thanks}>Thanks for this release</a>
          </>
        )}
      </nav>
    </header>
  );
}
