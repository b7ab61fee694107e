import { GlanceBadges } from './badges.js';

export type PackageCard = {
  ecosystem: 'crates' | 'npm';
  name: string;
  version: string;
  description: string | null;
  downloads: number;
  /** Indexed crates that use it directly (api/dependents); absent when not counted. */
  dependents?: number;
  profiles: Record<string, string>;
  nostd: string;
  accelerators: string[];
  bindingKinds: string[];
  bindings: string[];
  councils?: string[];
  /** RustSec's word on this version (search results carry it; absent elsewhere). */
  advisory?: string | null;
};

/** What a result says of a RustSec advisory on its version; `none` says nothing, as a clean record needs no badge. */
const ADVISORY_BADGE: Record<string, { label: string; cls: string }> = {
  vulnerable: { label: 'RustSec: vulnerable', cls: 's-no' },
  unsound: { label: 'RustSec: unsound', cls: 's-no' },
  unmaintained: { label: 'RustSec: unmaintained', cls: 's-partial' },
};

export const packageHref = (ecosystem: 'crates' | 'npm', name: string) => `/${ecosystem}/${encodeURIComponent(name).replace('%40', '@').replace('%2F', '/')}`;

const compact = new Intl.NumberFormat('en', { notation: 'compact', maximumFractionDigits: 1 });
export const formatCount = (n: number) => compact.format(n);

/** A list of packages as search results, category and target pages show them. */
export function PackageList(props: { items: PackageCard[] }) {
  return (
    <ul class="results">
      {props.items.map((p) => (
        <li class="result">
          <h3>
            <a href={packageHref(p.ecosystem, p.name)}>{p.name}</a>
            <span class="muted small">{p.version}</span>
            <span class="eco">{p.ecosystem === 'crates' ? 'crate' : 'npm'}</span>
            {p.downloads > 0 && <span class="muted small">{formatCount(p.downloads)} downloads</span>}
            {p.dependents !== undefined && p.dependents > 0 && <span class="muted small">used by {formatCount(p.dependents)}</span>}
          </h3>
          {p.description && <p>{p.description}</p>}
          <GlanceBadges profiles={p.profiles} nostd={p.nostd} accelerators={p.accelerators} bindingKinds={p.bindingKinds} />
          {p.advisory && ADVISORY_BADGE[p.advisory] && (
            <a class={`badge ${ADVISORY_BADGE[p.advisory]!.cls}`} href={`${packageHref(p.ecosystem, p.name)}#security`}>
              {ADVISORY_BADGE[p.advisory]!.label}
            </a>
          )}
          {p.councils?.map((c) => (
            <span class="badge council">recommended: {c} council</span>
          ))}
          {p.bindings.length > 0 && (
            <p class="small muted">
              {p.ecosystem === 'crates' ? 'Wrapped by ' : 'Wraps '}
              {p.bindings.slice(0, 5).map((b, i) => (
                <>
                  {i > 0 && ', '}
                  <a href={packageHref(p.ecosystem === 'crates' ? 'npm' : 'crates', b)}>{b}</a>
                </>
              ))}
            </p>
          )}
        </li>
      ))}
    </ul>
  );
}
