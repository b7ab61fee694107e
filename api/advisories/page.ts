import { Marked } from 'marked';
import sanitizeHtml from 'sanitize-html';
import type { DbOrTx } from '../db/client.js';
import { isAffected } from '../engine/advisories/affected.js';
import { advisoriesOfCrate, type AdvisoryRow, requireAdvisory, toAdvisoryBrief } from './service.js';
import { kindOf } from './status.js';
import { advisoryPage } from './osv.js';
import { crateVersionAdvisories } from './dependencies.js';
import { requirePackage } from '../packages/service.js';
import { AppError } from '../lib/problems.js';
import { proposalsCiting } from '../governance/citations.js';
import type { Viewer } from '../governance/queries.js';

export type AdvisoryBriefView = ReturnType<typeof toAdvisoryBrief>;

/**
 * What a crate page shows about advisories: those affecting the version shown first, the others
 * filed against the crate (other versions, withdrawn), a banner when the newest version is affected
 * by a vulnerability or an unmaintained/unsound notice, and which versions are affected.
 */
export async function crateSecurity(db: DbOrTx, pkg: { name: string; defaultVersion: string | null }, shown: string, versions: { num: string }[]) {
  const rows = await advisoriesOfCrate(db, pkg.name);
  const live = rows.filter((a) => !a.withdrawn);
  const newest = pkg.defaultVersion;
  const onNewest = newest ? live.filter((a) => isAffected(a, newest)) : [];
  const affectedVersions: Record<string, string[]> = {};
  for (const v of versions) {
    // `notice`s (yanked releases, warnings) do not mark versions; vulnerabilities and unsound/unmaintained notices do.
    const ids = live.filter((a) => kindOf(a) !== 'notice' && isAffected(a, v.num)).map((a) => a.id);
    if (ids.length) affectedVersions[v.num] = ids;
  }
  return {
    name: pkg.name,
    shown,
    newest,
    forVersion: rows.filter((a) => isAffected(a, shown)).map(toAdvisoryBrief),
    others: rows.filter((a) => !isAffected(a, shown)).map(toAdvisoryBrief),
    banner: onNewest.filter((a) => kindOf(a) !== 'notice').map(toAdvisoryBrief),
    affectedVersions,
  };
}

export type CrateSecurity = Awaited<ReturnType<typeof crateSecurity>>;

const markdown = new Marked({ gfm: true });

/**
 * An advisory's Markdown description as safe HTML: advisories are third-party text, so only
 * prose, lists, code and http(s) links survive; links get rel="nofollow noopener".
 */
export function descriptionHtml(md: string): string {
  const html = markdown.parse(md, { async: false }) as string;
  return sanitizeHtml(html, {
    allowedTags: ['p', 'a', 'ul', 'ol', 'li', 'code', 'pre', 'em', 'strong', 'blockquote', 'h2', 'h3', 'h4', 'table', 'thead', 'tbody', 'tr', 'th', 'td', 'br', 'hr'],
    allowedAttributes: { a: ['href'] },
    allowedSchemes: ['http', 'https'],
    transformTags: {
      a: sanitizeHtml.simpleTransform('a', { rel: 'nofollow noopener' }),
      // The page's own heading is the title: the description's headings sit below it.
      h1: 'h3',
      h2: 'h3',
    },
  });
}

/** One advisory for its page: the stored fields, its description as HTML, where it is published, and the council proposals that cite it (as the viewer may see them). */
export async function loadAdvisoryPage(db: DbOrTx, id: string, viewer?: Viewer) {
  const a: AdvisoryRow = await requireAdvisory(db, id);
  return { advisory: a, brief: toAdvisoryBrief(a), html: descriptionHtml(a.description), rustsecUrl: advisoryPage(a.id), citedBy: await proposalsCiting(db, a.id, viewer) };
}

export type AdvisoryPage = Awaited<ReturnType<typeof loadAdvisoryPage>>;

/** The crate page's companion: a version's advisories, direct and through dependencies (the default version unless one is asked for). */
export async function loadCrateAdvisoriesPage(db: DbOrTx, name: string, wanted?: string) {
  const pkg = await requirePackage(db, 'crates', name);
  const num = wanted ?? pkg.defaultVersion;
  if (!num) throw new AppError('versionNotFound', { detail: `${pkg.name} has no current version.` });
  return crateVersionAdvisories(db, pkg.name, num);
}

export type CrateAdvisoriesPage = Awaited<ReturnType<typeof loadCrateAdvisoriesPage>>;
