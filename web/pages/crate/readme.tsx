import { raw } from 'hono/html';
import { Empty, SafeLink, formatDate } from '../../components/bits.js';
import type { ArchiveFacts } from '../../../api/archives/service.js';
import type { PublishDate } from '../../../api/archives/publish-dates.js';

const DATE_SOURCE: Record<PublishDate['source'], string> = {
  index: 'from the index (pubtime)',
  registry: "from crates.io's database dump",
  archive: 'newest file time in the published archive',
  'first-seen': 'not published with a date: when Ferrite first saw this version',
};

/** A version's publish date with where it came from; dates Ferrite only bounds are marked "by". */
export function PublishDateNote({ date }: { date: PublishDate | undefined }) {
  if (!date) return null;
  return (
    <span class="small muted" title={DATE_SOURCE[date.source]}>
      {date.source === 'first-seen' ? 'by ' : ''}
      {formatDate(date.at)}
      <span class="visually-hidden"> ({DATE_SOURCE[date.source]})</span>
    </span>
  );
}

/** The README from the version's published archive, rendered and sanitized when the archive was read. */
export function ArchiveReadme({ archive }: { archive: ArchiveFacts | null }) {
  return (
    <section aria-labelledby="readme">
      <h2 id="readme">README</h2>
      {archive?.readmeHtml ? (
        <>
          <p class="small muted source-note">
            From <code>{archive.readmePath}</code> in the published archive of {archive.crate} {archive.version}; relative links point to the repository.
          </p>
          {/* Markdown rendered by marked and sanitized by sanitize-html at import: no script, style, handler or frame can be in it. */}
          <div class="readme">{raw(archive.readmeHtml)}</div>
        </>
      ) : (
        <Empty>{archive ? 'The published archive of this version has no README.' : 'Ferrite holds no archive of this version yet, so no README.'}</Empty>
      )}
    </section>
  );
}

const NO_STD_TEXT: Record<ArchiveFacts['noStd']['kind'], string> = {
  always: 'no_std',
  'without-std-feature': 'no_std unless a feature enables std',
  conditional: 'no_std only under a condition',
  no: 'uses std (no #![no_std] in the library root)',
  unknown: 'no library root to read',
};

/** What the archive's own Cargo.toml and lib.rs say, each fact labelled with that source. */
export function ArchiveFactsList({ archive }: { archive: ArchiveFacts | null }) {
  if (!archive) return null;
  const m = archive.manifest;
  const list = (items: string[] | undefined, href: (s: string) => string) =>
    items?.length ? items.map((s, i) => <>{i > 0 && ', '}<a href={href(s)}>{s}</a></>) : <span class="muted">none</span>;
  return (
    <section aria-labelledby="archive-facts">
      <h2 id="archive-facts">From the published archive</h2>
      <p class="small muted">What version {archive.version}'s own Cargo.toml and library root say (sha256 {archive.sha256.slice(0, 12)}…).</p>
      <dl>
        <dt>License</dt>
        <dd>{m.license ?? (m.licenseFile ? <>in <code>{m.licenseFile}</code></> : <span class="muted">not declared</span>)}</dd>
        {m.repository && <><dt>Repository</dt><dd><SafeLink href={m.repository} /></dd></>}
        {m.homepage && <><dt>Homepage</dt><dd><SafeLink href={m.homepage} /></dd></>}
        {m.documentation && <><dt>Documentation</dt><dd><SafeLink href={m.documentation} /></dd></>}
        <dt>Keywords</dt>
        <dd>{list(m.keywords, (k) => `/search?q=${encodeURIComponent(`keyword:${k}`)}`)}</dd>
        <dt>Categories</dt>
        <dd>{list(m.categories, (c) => `/categories/${c}`)}</dd>
        {m.edition && <><dt>Edition</dt><dd>{m.edition}</dd></>}
        {m.rustVersion && <><dt>rust-version</dt><dd>{m.rustVersion}</dd></>}
        {m.maintenance && <><dt>Maintenance</dt><dd>{m.maintenance}</dd></>}
        {m.docsRs?.targets?.length ? <><dt>docs.rs targets</dt><dd>{m.docsRs.targets.map((t) => <code>{t} </code>)}</dd></> : null}
        <dt>no_std</dt>
        <dd>
          {NO_STD_TEXT[archive.noStd.kind]}
          {archive.noStd.feature && <> (<code>{archive.noStd.feature}</code>)</>}
          {archive.noStd.attribute && <div class="small"><code>{archive.noStd.attribute}</code> in <code>{archive.noStd.file}</code></div>}
        </dd>
      </dl>
    </section>
  );
}
