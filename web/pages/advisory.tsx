import { raw } from 'hono/html';
import { SafeLink } from '../components/bits.js';
import { packageHref } from '../components/package-list.js';
import type { AdvisoryPage } from '../../api/advisories/page.js';
import { StatusPill } from './governance/common.js';

/** One RustSec advisory: what it affects, which releases fix it, and its description. */
export function AdvisoryView({ page }: { page: AdvisoryPage }) {
  const { advisory: a, brief } = page;
  return (
    <article>
      <p class="small muted">
        RustSec advisory for <a href={packageHref('crates', a.package)}>{a.package}</a>
      </p>
      <h1>
        {a.id}: {a.title}
      </h1>
      {a.withdrawn && (
        <p class="notice warn" role="status">
          Withdrawn on {a.withdrawn}: it affects no version.
        </p>
      )}
      <dl>
        <dt>Kind</dt>
        <dd>{brief.kind}</dd>
        {brief.severity && (
          <>
            <dt>Severity</dt>
            <dd>
              {brief.severity.rating} {brief.severity.score.toFixed(1)} <code>{a.cvss}</code>
            </dd>
          </>
        )}
        <dt>Published</dt>
        <dd>{a.date}</dd>
        <dt>Patched</dt>
        <dd>{a.patched.length ? a.patched.map((p) => <code>{p} </code>) : 'no patched release'}</dd>
        {a.unaffected.length > 0 && (
          <>
            <dt>Unaffected</dt>
            <dd>{a.unaffected.map((p) => <code>{p} </code>)}</dd>
          </>
        )}
        {a.aliases.length > 0 && (
          <>
            <dt>Aliases</dt>
            <dd>{a.aliases.join(', ')}</dd>
          </>
        )}
        {a.categories.length > 0 && (
          <>
            <dt>Categories</dt>
            <dd>{a.categories.join(', ')}</dd>
          </>
        )}
        {(a.affected.os.length > 0 || a.affected.arch.length > 0) && (
          <>
            <dt>Only on</dt>
            <dd>{[...a.affected.os, ...a.affected.arch].join(', ')}</dd>
          </>
        )}
        {Object.keys(a.affected.functions).length > 0 && (
          <>
            <dt>Functions</dt>
            <dd>{Object.keys(a.affected.functions).map((f) => <code>{f} </code>)}</dd>
          </>
        )}
      </dl>
      <h2>Description</h2>
      {/* Sanitised in api/advisories/page.ts: prose, lists, code and http(s) links only. */}
      <div class="prose">{raw(page.html)}</div>
      {page.citedBy.length > 0 && (
        <>
          <h2 id="cited-by">Cited by council proposals</h2>
          <ul class="plain">
            {page.citedBy.map((p) => (
              <li>
                <a href={`/proposals/${p.id}`}>{p.title}</a> <StatusPill status={p.status} /> <span class="small muted">{p.kind} · <a href={`/councils/${p.councilSlug}`}>{p.council}</a></span>
              </li>
            ))}
          </ul>
        </>
      )}
      <h2>Links</h2>
      <ul class="plain">
        <li>
          <SafeLink href={page.rustsecUrl}>{page.rustsecUrl}</SafeLink>
        </li>
        {a.url && (
          <li>
            <SafeLink href={a.url} />
          </li>
        )}
        {a.references.map((r) => (
          <li>
            <SafeLink href={r} />
          </li>
        ))}
        <li>
          <a href={`/api/v1/advisories/${a.id}/osv`}>OSV record (JSON)</a>
        </li>
      </ul>
    </article>
  );
}
