import type { SearchEngine } from '../../api/search/engine.js';
import { emptyQuery, type ParsedQuery } from '../../api/search/query.js';
import { packageHref } from '../components/package-list.js';
import { atomXml } from './atom.js';

const ENTRIES = 50;

/**
 * An Atom feed of the packages most recently published or updated, optionally narrowed to a
 * category or a target. Entries are identified by package and version, so a new release is a
 * new entry for feed readers. Names and descriptions go out as plain text (see atomXml).
 */
export async function packagesFeed(engine: SearchEngine, publicUrl: string, opts: { title: string; self: string; page: string; narrow?: Partial<ParsedQuery> }) {
  const query = { ...emptyQuery(), ...opts.narrow };
  const r = await engine.search({ query, sort: 'recent', offset: 0, limit: ENTRIES, facets: false });
  const base = publicUrl.replace(/\/$/, '');
  return atomXml({
    id: `${base}${opts.self}`,
    title: opts.title,
    alternate: `${base}${opts.page}`,
    self: `${base}${opts.self}`,
    updated: r.hits[0] ? new Date(r.hits[0].updatedAt) : new Date(0),
    rights: 'Package metadata belongs to its authors.',
    generator: 'Ferrite',
    entries: r.hits.map((d) => {
      const link = `${base}${packageHref(d.ecosystem, d.name)}`;
      const runs = Object.entries(d.profiles).filter(([, s]) => s === 'yes' || s === 'partial').map(([p]) => p);
      return {
        id: `${link}#${d.version}`,
        title: `${d.name} ${d.version}`,
        link,
        updated: new Date(d.updatedAt),
        summary: d.description ?? undefined,
        content: `${d.description ?? ''}${runs.length ? ` Runs on: ${runs.join(', ')}.` : ''}`,
        categories: d.categories,
      };
    }),
  });
}
