import type { AdvisoryRow } from '../../api/advisories/service.js';
import { atomXml } from './atom.js';

/**
 * An Atom feed of the newest RustSec advisories, one entry per advisory (a changed advisory is
 * an update of the same entry). Titles and descriptions are the advisories' own text, sent as
 * plain text (see atomXml).
 */
export function advisoriesFeed(rows: AdvisoryRow[], publicUrl: string): string {
  const base = publicUrl.replace(/\/$/, '');
  return atomXml({
    id: `${base}/feeds/advisories.atom`,
    title: 'Ferrite: RustSec advisories',
    alternate: `${base}/feeds/advisories.atom`,
    self: `${base}/feeds/advisories.atom`,
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
