import { arrayContains, desc, eq } from 'drizzle-orm';
import { requireAdvisory } from '../advisories/service.js';
import type { DbOrTx } from '../db/client.js';
import { councils, proposals } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { seesDrafts, type Viewer } from './queries.js';

/** At most this many advisories per proposal: a citation list, not a report. */
export const MAX_CITED_ADVISORIES = 10;

/**
 * The advisories a draft cites, as canonical RUSTSEC ids: an alias (CVE-…, GHSA-…) becomes the
 * id it belongs to, duplicates collapse, the order given is kept. An id no advisory has is the
 * caller's mistake (400), named, not a missing page.
 */
export async function resolveCitations(db: DbOrTx, cited: string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const given of cited) {
    try {
      const { id } = await requireAdvisory(db, given);
      if (!ids.includes(id)) ids.push(id);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'notFound') throw err;
      throw new AppError('invalidRequest', { detail: `No RustSec advisory has the id or alias '${given}'.`, errors: [{ path: 'advisories', message: `unknown advisory ${given}` }] });
    }
  }
  return ids;
}

/** Proposals citing an advisory, newest first; drafts only for those who may see them (their author, the council's members, admins). */
export async function proposalsCiting(db: DbOrTx, advisoryId: string, viewer?: Viewer) {
  const rows = await db
    .select({ id: proposals.id, title: proposals.title, status: proposals.status, kind: proposals.kind, council: councils.name, councilSlug: councils.slug, councilId: proposals.councilId, authorId: proposals.authorId })
    .from(proposals)
    .innerJoin(councils, eq(councils.id, proposals.councilId))
    .where(arrayContains(proposals.citedAdvisories, [advisoryId]))
    .orderBy(desc(proposals.id));
  const visible = [];
  for (const { councilId, authorId, ...p } of rows) if (p.status !== 'draft' || (await seesDrafts(db, viewer, councilId, authorId))) visible.push(p);
  return visible;
}
