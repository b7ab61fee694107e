import type { z } from '@hono/zod-openapi';
import type { CratesIoSearchQuery, SearchQuery } from './contracts.js';
import type { Correction, SearchDocument, SearchEngine, Sort } from './engine.js';
import { AppError } from '../lib/problems.js';
import { parseQuery as parseQueryText, QueryError } from './query.js';

/** The query language parsed, with a value it cannot take (`msrv<=3000000.0`) answered as a 400 naming the field. */
function parseQuery(text: string) {
  try {
    return parseQueryText(text);
  } catch (err) {
    if (err instanceof QueryError) throw new AppError('invalidRequest', { detail: err.message, errors: [{ path: err.field, message: err.message }] });
    throw err;
  }
}

const toHit = (d: SearchDocument) => ({
  ecosystem: d.ecosystem, name: d.name, version: d.version, description: d.description, keywords: d.keywords, categories: d.categories,
  license: d.license, downloads: d.downloads, updatedAt: d.updatedAt, profiles: d.profiles, nostd: d.nostd, accelerators: d.accelerators,
  bindingKinds: d.bindingKinds, bindings: d.bindings, targets: d.targets, msrv: d.msrv, councils: d.councils ?? [], advisory: d.advisory ?? null,
});

/** The query text and the explicit parameters (what a form sends) as one query. */
export function buildQuery(p: z.infer<typeof SearchQuery>) {
  const q = parseQuery(p.q ?? '');
  if (p.ecosystem) q.ecosystem = p.ecosystem;
  q.keywords.push(...p.keyword.map((k) => k.toLowerCase()));
  q.categories.push(...p.category.map((c) => c.toLowerCase()));
  q.targets.push(...p.target);
  q.profiles.push(...p.profile);
  q.accelerators.push(...p.accel.map((a) => a.toLowerCase()));
  q.bindings.push(...p.binding.map((b) => b.toLowerCase()));
  q.councils.push(...p.council.map((x) => x.toLowerCase()));
  q.advisories.push(...p.advisory.filter((a) => !q.advisories.includes(a)));
  if (p.nostd) q.nostd = true;
  if (p.msrv) q.msrvMax = p.msrv;
  return q;
}

export async function searchPackages(engine: SearchEngine, p: z.infer<typeof SearchQuery>) {
  const query = buildQuery(p);
  const hasText = query.terms.length > 0 || query.phrases.length > 0;
  const sort: Sort = p.sort ?? (hasText ? 'relevance' : 'downloads');
  const offset = (p.page - 1) * p.perPage;
  const r = await engine.search({ query, sort, offset, limit: p.perPage, facets: p.facets, verbatim: p.verbatim });
  return {
    items: r.hits.map(toHit),
    total: r.total,
    page: p.page,
    perPage: p.perPage,
    nextPage: offset + r.hits.length < r.total ? p.page + 1 : null,
    engine: engine.name,
    sort,
    correction: r.corrections?.length ? { q: correctedText(p.q ?? '', r.corrections), original: p.q ?? '' } : null,
    facets: r.facets,
  };
}

/** crates.io's search answer, for `cargo search`. */
export async function searchCratesIo(engine: SearchEngine, p: z.infer<typeof CratesIoSearchQuery>) {
  const query = parseQuery(p.q);
  query.ecosystem = 'crates';
  const offset = (p.page - 1) * p.per_page;
  const r = await engine.search({ query, sort: query.terms.length ? 'relevance' : 'downloads', offset, limit: p.per_page, facets: false });
  const link = (page: number) => `?q=${encodeURIComponent(p.q)}&per_page=${p.per_page}&page=${page}`;
  return {
    crates: r.hits.map((d) => ({ id: d.name, name: d.name, max_version: d.version, newest_version: d.version, description: d.description, downloads: d.downloads })),
    meta: { total: r.total, next_page: offset + r.hits.length < r.total ? link(p.page + 1) : null, prev_page: p.page > 1 ? link(p.page - 1) : null },
  };
}

/** The typed text with each corrected word replaced where it stands as a whole word (case-insensitive). */
function correctedText(q: string, corrections: Correction[]): string {
  return corrections.reduce((text, c) => text.replace(new RegExp(`(?<![a-z0-9])${c.from}(?![a-z0-9])`, 'gi'), c.to), q);
}
