import { GlanceBadges } from '../components/badges.js';
import { Empty, LinkFact, Snippet } from '../components/bits.js';
import type { ClaimView } from '../components/compat.js';
import { formatCount, packageHref } from '../components/package-list.js';
import { Disagreements, MaintainerFacts, PackageHeader } from '../components/maintainers.js';
import { MaintenanceSignalsView } from '../components/maintenance-signals.js';
import { ProfileMatrix, TargetRows } from '../components/target-matrix.js';
import type { CratePage } from '../../api/packages/crate-page.js';
import { AffectedMark, SecurityBanner, SecuritySection } from './crate/security.js';
import { ArchiveFactsList, ArchiveReadme, PublishDateNote } from './crate/readme.js';
import { DependencySections } from './crate/dependencies.js';
import { DataTable } from '../components/data-table.js';

const VERSIONS_SHOWN = 12;

export function CratePageView({ page, canManage, publicUrl = '' }: { page: CratePage; canManage: boolean; publicUrl?: string }) {
  const { pkg, version, compat } = page;
  const summary = compat.summary as ClaimView[];
  const status = (s: string) => summary.find((c) => c.subject === s)?.status ?? 'unknown';
  const msrv = summary.find((c) => c.subject === 'msrv')?.status ?? version.rustVersion;
  const accelerators = summary.filter((c) => c.subject.startsWith('accel:') && c.status === 'yes').map((c) => c.subject.slice(6));
  const isDefault = version.num === pkg.defaultVersion;
  const badgeBase = `/badge/crates/${pkg.name}`;
  return (
    <article>
      <PackageHeader name={pkg.name} version={version.num} ecosystem="crate" yanked={version.yanked} description={pkg.description} decisions={page.decisions} metadata={page.metadata} base={`/crates/${pkg.name}`} thanks={`/crates/${pkg.name}/${encodeURIComponent(version.num)}/thanks`}>
        <GlanceBadges
          profiles={{ cloud: status('profile:cloud'), wasm: status('profile:wasm'), embedded: status('profile:embedded') }}
          nostd={status('nostd')}
          accelerators={accelerators}
          bindingKinds={[...new Set(compat.bindings.map((b) => b.kind))]}
        />
      </PackageHeader>
      <SecurityBanner security={page.security} name={pkg.name} />
      {(page.maintenance.declared || page.maintenance.unmaintained.length > 0) && <MaintenanceSignalsView signals={page.maintenance} />}
      <div class="pkg-layout">
        <div>
          <h2 id="install">Install</h2>
          <Snippet label="Terminal" text={isDefault ? `cargo add ${pkg.name}` : `cargo add ${pkg.name}@=${version.num}`} />
          <Snippet label="Cargo.toml" text={`${pkg.name} = "${version.num}"`} />

          <SecuritySection security={page.security} />

          <h2 id="compatibility">Will it run there?</h2>
          <p class="small muted">
            Each answer names its evidence: open a cell to see which field, file, maintainer or CI report it comes from. Verified
            reports beat a maintainer's declaration, which beats what Ferrite infers.
          </p>
          <Disagreements claims={compat.claims as ClaimView[]} />
          <ProfileMatrix summary={summary} claims={compat.claims as ClaimView[]} />

          <h3 id="targets">By target</h3>
          <TargetRows summary={summary} claims={compat.claims as ClaimView[]} answers={page.targetAnswers} />

          <h2 id="bindings">Bindings</h2>
          {compat.bindings.length ? (
            <ul class="plain">
              {compat.bindings.map((b) => (
                <li>
                  <a href={packageHref('npm', b.npm)}>{b.npm}</a> <span class="badge">{b.kind}</span>{' '}
                  <span class="small muted">{b.triples.length ? `${b.triples.length} prebuilt targets` : ''}</span>
                </li>
              ))}
            </ul>
          ) : (
            <Empty>No npm package is known to wrap this crate.</Empty>
          )}

          <h2 id="features">Features</h2>
          {page.features.length ? (
            <DataTable label="Features" columns={['Feature', 'Enables', 'Accelerators']}>
              {page.features.map((f) => (
                <tr>
                  <td>
                    <code>{f.feature}</code>
                  </td>
                  <td class="small">{f.enables.length ? f.enables.map((e) => <code>{e} </code>) : <span class="muted">nothing else</span>}</td>
                  <td>{f.accelerators.map((a) => <span class="badge">{a}</span>)}</td>
                </tr>
              ))}
            </DataTable>
          ) : (
            <Empty>This version declares no features.</Empty>
          )}

          <DependencySections name={pkg.name} deps={page.deps} />

          <ArchiveReadme archive={page.archive} />
        </div>

        <aside class="side" aria-label="Package facts">
          <dl>
            <dt>Version</dt>
            <dd>
              {version.num} <PublishDateNote date={page.publishDates[version.num]} />
            </dd>
            <dt>MSRV</dt>
            <dd>{msrv ? `Rust ${msrv}` : <span class="muted">not declared</span>}</dd>
            <dt>License</dt>
            <dd>{pkg.license ?? version.license ?? <span class="muted">unknown</span>}</dd>
            <dt>Downloads</dt>
            <dd>{pkg.downloads !== null ? formatCount(pkg.downloads) : <span class="muted">unknown</span>}</dd>
            <dt>Used by</dt>
            <dd>
              {page.dependents ? (
                <a href={`/crates/${pkg.name}/dependents`}>
                  {page.dependents.direct.toLocaleString('en')} {page.dependents.direct === 1 ? 'crate' : 'crates'}
                </a>
              ) : (
                <span class="muted">not counted yet</span>
              )}
              {page.dependents && page.dependents.all > page.dependents.direct && <span class="small muted"> ({page.dependents.all.toLocaleString('en')} in all, counting indirect use)</span>}
            </dd>
            <LinkFact label="Repository" href={pkg.repository} />
            <LinkFact label="Documentation" href={pkg.documentation} />
            <LinkFact label="Homepage" href={pkg.homepage} />
            <MaintainerFacts metadata={page.metadata} owners={page.ferriteOwners} manageHref={canManage ? `/manage/crates/${pkg.name}` : null} />
            {page.owners.length > 0 && (
              <>
                <dt>Owners on crates.io</dt>
                <dd>{page.owners.map((o) => o.login).join(', ')}</dd>
              </>
            )}
            {pkg.categories.length > 0 && (
              <>
                <dt>Categories</dt>
                <dd>
                  {pkg.categories.map((c, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/categories/${c}`}>{c}</a>
                    </>
                  ))}
                </dd>
              </>
            )}
            {pkg.keywords.length > 0 && (
              <>
                <dt>Keywords</dt>
                <dd>
                  {pkg.keywords.map((k, i) => (
                    <>
                      {i > 0 && ', '}
                      <a href={`/search?q=${encodeURIComponent(`keyword:${k}`)}`}>{k}</a>
                    </>
                  ))}
                </dd>
              </>
            )}
          </dl>
          <ArchiveFactsList archive={page.archive} />
          <h2 id="versions">Versions</h2>
          <VersionList name={pkg.name} current={version.num} versions={page.versions} affected={page.security.affectedVersions} dates={page.publishDates} />
          <h2 id="badge">Badge</h2>
          <p>
            <img src={`${badgeBase}.svg`} alt={`Ferrite compatibility badge for ${pkg.name}`} height="20" />
          </p>
          {/* Absolute addresses: the snippet is pasted into READMEs that live on other sites. */}
          <Snippet label="Markdown" text={`[![ferrite](${publicUrl}${badgeBase}.svg)](${publicUrl}${packageHref('crates', pkg.name)})`} />
          <p class="small muted badge-hint">
            One answer per badge: add a profile, a target or an accelerator, e.g. <code>{`${publicUrl}${badgeBase}/${accelerators[0] ?? 'embedded'}.svg`}</code>.
          </p>
          <p class="small">
            Compare with… <a href={`/compare?crates=${encodeURIComponent(pkg.name)}`}>pick crates to compare</a>
          </p>
        </aside>
      </div>
    </article>
  );
}

function VersionList(props: { name: string; current: string; versions: CratePage['versions']; affected: Record<string, string[]>; dates: CratePage['publishDates'] }) {
  // "By <the day Ferrite first saw it>" on every version of a crate indexed at once says nothing; the list leaves those out.
  const known = (num: string) => (props.dates[num]?.source === 'first-seen' ? undefined : props.dates[num]);
  const undated = props.versions.filter((v) => !known(v.num)).length;
  const item = (v: CratePage['versions'][number]) => (
    <li>
      <a class={v.yanked ? 'yanked' : undefined} href={`/crates/${props.name}?version=${encodeURIComponent(v.num)}`} aria-current={v.num === props.current ? 'page' : undefined}>
        {v.num}
      </a>
      {v.yanked && <span class="visually-hidden"> (yanked)</span>}
      <AffectedMark ids={props.affected[v.num]} />
      <PublishDateNote date={known(v.num)} />
    </li>
  );
  const head = props.versions.slice(0, VERSIONS_SHOWN);
  const rest = props.versions.slice(VERSIONS_SHOWN);
  return (
    <>
      <ul class="plain versions">{head.map(item)}</ul>
      {rest.length > 0 && (
        <details>
          <summary>{rest.length} older versions</summary>
          <ul class="plain versions">{rest.map(item)}</ul>
        </details>
      )}
      <p class="small muted">
        {props.versions.length} versions, {props.versions.filter((v) => v.yanked).length} yanked (struck through).
        {undated > 0 &&
          (undated === props.versions.length
            ? ' None was published with a date; Ferrite knows only that they were out by the day it first indexed them.'
            : ` ${undated} ${undated === 1 ? 'was' : 'were'} published without a date, so the list shows none for ${undated === 1 ? 'it' : 'them'}.`)}
      </p>
    </>
  );
}
