import { GlanceBadges } from '../components/badges.js';
import { Empty, LinkFact, Snippet, formatDate } from '../components/bits.js';
import { type ClaimView, CompatCell } from '../components/compat.js';
import { packageHref } from '../components/package-list.js';
import { Disagreements, MaintainerFacts, PackageHeader } from '../components/maintainers.js';
import { ProfileMatrix } from '../components/target-matrix.js';
import { byTier, tierName } from '../../api/targets/listing.js';
import type { NpmPage } from '../../api/packages/npm-page.js';

export function NpmPageView({ page, canManage }: { page: NpmPage; canManage: boolean }) {
  const { pkg, info, compat } = page;
  const summary = compat.summary as ClaimView[];
  const claims = compat.claims as ClaimView[];
  const status = (s: string) => summary.find((c) => c.subject === s)?.status ?? 'unknown';
  const binding = compat.binding;
  return (
    <article>
      <PackageHeader name={pkg.name} version={compat.version} ecosystem="npm" description={pkg.description} decisions={page.decisions} metadata={page.metadata} base={`/npm/${pkg.name}`}>
        {!page.notRust && (
          <GlanceBadges
            profiles={{ cloud: status('profile:cloud'), wasm: status('profile:wasm'), embedded: status('profile:embedded') }}
            nostd="unknown"
            accelerators={[]}
            bindingKinds={binding ? [binding.kind] : []}
          />
        )}
      </PackageHeader>
      <div class="pkg-layout">
        <div>
          <h2 id="install">Install</h2>
          <Snippet label="Terminal" text={`npm i ${pkg.name}`} />

          {page.notRust ? <NotRust name={pkg.name} verdict={page.notRust} /> : <RustSections page={page} summary={summary} claims={claims} />}
        </div>
        <aside class="side" aria-label="Package facts">
          <dl>
            <MaintainerFacts metadata={page.metadata} owners={page.ferriteOwners} manageHref={canManage ? `/manage/npm/${pkg.name}` : null} />
            <dt>License</dt>
            <dd>{info.license ?? <span class="muted">unknown</span>}</dd>
            <LinkFact label="Homepage" href={info.homepage} />
            <LinkFact label="Repository" href={info.repository} />
          </dl>
          <h2 id="versions">Versions</h2>
          <ul class="plain versions">
            {info.versions.slice(0, 15).map((v) => (
              <li>
                <span class={v.deprecated ? 'yanked' : undefined}>{v.version}</span>
                {v.deprecated && <span class="visually-hidden"> (deprecated)</span>}
                <span class="small muted">{formatDate(v.publishedAt)}</span>
              </li>
            ))}
          </ul>
          <p class="small muted">
            {info.versions.length} versions{info.versions.some((v) => v.deprecated) ? '; deprecated ones struck through' : ''}.
          </p>
        </aside>
      </div>
    </article>
  );
}

/** A package that is not a Rust binding: one sentence with the evidence, and none of the Rust sections. */
function NotRust({ name, verdict }: { name: string; verdict: NonNullable<NpmPage['notRust']> }) {
  return (
    <p id="not-rust" class="lead">
      {name} is {verdict.language ? `${verdict.language}, not a Rust binding` : 'not a Rust binding'}
      {verdict.reasons.length ? `: ${verdict.reasons.join('; ')}.` : '.'}
    </p>
  );
}

/** "Is it Rust?" with its evidence (the published files' among it), the binding, the profiles and the prebuilt targets. */
function RustSections({ page, summary, claims }: { page: NpmPage; summary: ClaimView[]; claims: ClaimView[] }) {
  const binding = page.compat.binding;
  const tiers = new Map(page.targets.map((t) => [t.triple, t.tier]));
  const prebuilt = (binding?.triples ?? []).map((triple) => ({ triple, tier: tiers.get(triple) ?? null }));
  return (
    <>
      <h2 id="binding">Rust binding</h2>
      <table>
        <tbody>
          <tr>
            <th scope="row">Built from Rust</th>
            <td>
              <CompatCell subject="rust" best={summary.find((c) => c.subject === 'rust')} all={claims.filter((c) => c.subject === 'rust')} />
            </td>
          </tr>
          {binding && (
            <tr>
              <th scope="row">Kind</th>
              <td>
                <span class="badge">{binding.kind}</span>
              </td>
            </tr>
          )}
          {binding && (
            <tr>
              <th scope="row">Wraps</th>
              <td>
                {binding.crate ? (
                  <a href={packageHref('crates', binding.crate)}>{binding.crate}</a>
                ) : (
                  <span class="muted">a crate not identified or not indexed yet</span>
                )}
              </td>
            </tr>
          )}
        </tbody>
      </table>

      <h2 id="compatibility">Will it run there?</h2>
      <Disagreements claims={claims} />
      <ProfileMatrix summary={summary} claims={claims} />

      <h3 id="prebuilt">Prebuilt targets</h3>
      {prebuilt.length ? (
        byTier(prebuilt).map(([tier, group]) => (
          <details class="tier-rows" open={tier === '1' ? true : undefined}>
            <summary>
              {tierName(tier)}: {group.length}
            </summary>
            <ul class="plain">
              {group.map((t) => (
                <li>
                  <a href={`/targets/${t.triple}`}>
                    <code>{t.triple}</code>
                  </a>
                </li>
              ))}
            </ul>
          </details>
        ))
      ) : (
        <Empty>No prebuilt platform builds are known for this package.</Empty>
      )}
    </>
  );
}
