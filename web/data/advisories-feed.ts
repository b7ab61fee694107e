import type { AdvisoryRow } from '../../api/advisories/service.js';
import { atomXml } from './atom.js';

/** The overall feed follows no page of its own, so its alternate link is itself. */
const OVERALL = { title: 'Ferrite: RustSec advisories', self: '/feeds/advisories.atom', page: '/feeds/advisories.atom' };

/**
 * An Atom feed of RustSec advisories, one entry per advisory (a changed advisory is an update of
 * the same entry): the newest overall, or those of a category or target (`self` and `page` are
 * paths on the hub). Titles and descriptions are the advisories' own text, sent as plain text
 * (see atomXml).
 */
export function advisoriesFeed(rows: AdvisoryRow[], publicUrl: string, feed: { title: string; self: string; page: string } = OVERALL): string {
  const base = publicUrl.replace(/\/$/, '');
  return atomXml({
    id: `${base}${feed.self}`,
    title: feed.title,
    alternate: `${base}${feed.page}`,
    self: `${base}${feed.self}`,
    updated: rows.reduce((d, r) => (r.updatedAt > d ? r.updatedAt : d), new Date(0)),
    rights: 'RustSec advisories are dedicated to the public domain (CC0 1.0).',
    generator: 'Ferrite',
    entries: rows.map((a) => ({
      id: `${base}/advisories/${a.id}`,
      title: `${a.id}: ${a.package}: ${a.title}${a.withdrawn ? ' (withdrawn)' : ''}`,
      link: `${base}/advisories/${a.id}`,
      updated: a.updatedAt,
      summary: `${a.informational ?? 'vulnerability'} in ${a.package}, published ${a.date}; patched: ${a.patched.join('; ') || 'none'}`,
      content: a.description,
      categories: [a.informational ?? 'vulnerability', ...a.categories],
    })),
  });
}
