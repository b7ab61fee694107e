import { Feed } from 'feed';
import type { SearchEngine } from '../../api/search/engine.js';
import { emptyQuery, type ParsedQuery } from '../../api/search/query.js';
import { packageHref } from '../components/package-list.js';

const ENTRIES = 50;

/**
 * An Atom feed of the packages most recently published or updated, optionally narrowed to a
 * category or a target. Entries are identified by package and version, so a new release is a
 * new entry for feed readers.
 */
export async function packagesFeed(engine: SearchEngine, publicUrl: string, opts: { title: string; self: string; page: string; narrow?: Partial<ParsedQuery> }) {
  const query = { ...emptyQuery(), ...opts.narrow };
  const r = await engine.search({ query, sort: 'recent', offset: 0, limit: ENTRIES, facets: false });
  const base = publicUrl.replace(/\/$/, '');
  const feed = new Feed({
    title: opts.title,
    id: `${base}${opts.self}`,
    link: `${base}${opts.page}`,
    feedLinks: { atom: `${base}${opts.self}` },
    updated: r.hits[0] ? new Date(r.hits[0].updatedAt) : new Date(0),
    copyright: 'Package metadata belongs to its authors.',
    generator: 'Ferrite',
  });
  for (const d of r.hits) {
    const link = `${base}${packageHref(d.ecosystem, d.name)}`;
    const runs = Object.entries(d.profiles).filter(([, s]) => s === 'yes' || s === 'partial').map(([p]) => p);
    feed.addItem({
      title: `${d.name} ${d.version}`,
      id: `${link}#${d.version}`,
      link,
      date: new Date(d.updatedAt),
      description: d.description ?? '',
      content: `${d.description ?? ''}${runs.length ? ` Runs on: ${runs.join(', ')}.` : ''}`,
      category: d.categories.map((c) => ({ name: c, term: c })),
    });
  }
  return feed.atom1();
}
