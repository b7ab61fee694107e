import { Meilisearch, type Settings } from 'meilisearch';
import { FACETS, type FacetName, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResult } from './engine.js';
import { profilesOfTarget } from '../engine/compat/profiles.js';
import { msrvNumber, type ParsedQuery, SYNONYMS } from './query.js';

export const MEILI_INDEX = 'packages';

/** Facet name → document attribute. */
const FACET_ATTRIBUTE: Record<FacetName, string> = {
  ecosystem: 'ecosystem', category: 'categories', profile: 'supports', tier: 'tiers', nostd: 'nostd',
  accelerator: 'accelerators', binding: 'bindingKinds', license: 'license', msrv: 'msrvBucket', council: 'councils',
};

/**
 * The index settings, as code: searchable attributes in priority order, filters and sorts,
 * ranking rules with popularity after Meilisearch's own, synonyms, and no typo tolerance on
 * exact crate names (a typo still matches the name split into words).
 */
export function meiliSettings(): Settings {
  return {
    searchableAttributes: ['name', 'nameWords', 'keywords', 'categories', 'description'],
    filterableAttributes: ['ecosystem', 'keywords', 'categories', 'supports', 'targets', 'tiers', 'nostd', 'accelerators', 'bindingKinds', 'license', 'msrvNum', 'msrvBucket', 'councils'],
    sortableAttributes: ['downloads', 'updatedAt', 'name'],
    // A council recommendation outranks popularity among equally good text matches.
    rankingRules: ['words', 'typo', 'proximity', 'attribute', 'exactness', 'recommended:desc', 'downloads:desc'],
    synonyms: SYNONYMS,
    typoTolerance: { disableOnAttributes: ['name'] },
    faceting: { maxValuesPerFacet: 200 },
    pagination: { maxTotalHits: 100_000 },
  };
}

const quote = (v: string) => `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The qualifiers as Meilisearch filter expressions (ANDed); free text, phrases and `-terms` go in `q`. */
export function meiliFilter(q: ParsedQuery): string[] {
  const f: string[] = [];
  if (q.ecosystem) f.push(`ecosystem = ${quote(q.ecosystem)}`);
  for (const k of q.keywords) f.push(`keywords = ${quote(k)}`);
  // A category matches itself and its subcategories, which Meilisearch filters cannot prefix-match:
  // documents carry every ancestor of their categories (see meiliDocument).
  for (const c of q.categories) f.push(`categories = ${quote(c)}`);
  for (const p of q.profiles) f.push(`supports = ${quote(p)}`);
  for (const t of q.targets) f.push([`targets = ${quote(t)}`, ...profilesOfTarget(t).map((p) => `supports = ${quote(p)}`)].join(' OR '));
  if (q.nostd) f.push(`nostd IN ["always", "optional"]`);
  for (const a of q.accelerators) f.push(`accelerators = ${quote(a)}`);
  for (const b of q.bindings) f.push(`bindingKinds = ${quote(b)}`);
  for (const c of q.councils) f.push(`councils = ${quote(c)}`);
  const msrv = msrvNumber(q.msrvMax);
  if (msrv !== null) f.push(`msrvNum <= ${msrv}`);
  return f.map((x) => (x.includes(' OR ') ? `(${x})` : x));
}

/** Free text as Meilisearch reads it: words, "phrases" and -negated words. */
export function meiliQueryText(q: ParsedQuery): string {
  return [...q.terms, ...q.phrases.map((p) => `"${p}"`), ...q.excluded.map((x) => (x.includes(' ') ? `-"${x}"` : `-${x}`))].join(' ');
}

/** What is stored in Meilisearch: the document, with category ancestors added for prefix filtering. */
export function meiliDocument(d: SearchDocument) {
  const ancestors = d.categories.flatMap((c) => c.split('::').map((_, i, parts) => parts.slice(0, i + 1).join('::')));
  return { ...d, categories: [...new Set(ancestors)], recommended: d.councils?.length ? 1 : 0 };
}

const SORT: Record<SearchRequest['sort'], string[] | undefined> = { relevance: undefined, downloads: ['downloads:desc'], recent: ['updatedAt:desc'], name: ['name:asc'] };

/** Meilisearch through the official client. Every write waits for its task, so a failure is a thrown error the outbox retries. */
export class MeiliSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;

  constructor(private readonly client: Meilisearch, private readonly uid = MEILI_INDEX) {}

  static connect(host: string, apiKey?: string) {
    return new MeiliSearchEngine(new Meilisearch({ host, apiKey }));
  }

  async applySettings() {
    await this.client.createIndex(this.uid, { primaryKey: 'id' }).waitTask();
    await this.client.index(this.uid).updateSettings(meiliSettings()).waitTask();
  }

  async index(docs: SearchDocument[]) {
    if (docs.length) await this.client.index(this.uid).addDocuments(docs.map(meiliDocument), { primaryKey: 'id' }).waitTask();
  }

  async delete(ids: number[]) {
    if (ids.length) await this.client.index(this.uid).deleteDocuments(ids).waitTask();
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>) {
    // Built beside the live index, then swapped in: searches never see a half-built index.
    const next = `${this.uid}_${Date.now()}`;
    const building = new MeiliSearchEngine(this.client, next);
    await building.applySettings();
    let n = 0;
    for await (const docs of batches) {
      await building.index(docs);
      n += docs.length;
    }
    await this.client.createIndex(this.uid, { primaryKey: 'id' }).waitTask();
    await this.client.swapIndexes([{ indexes: [this.uid, next], rename: false }]).waitTask();
    await this.client.deleteIndex(next).waitTask();
    return n;
  }

  async health() {
    const h = await this.client.health();
    return { ok: h.status === 'available', detail: `meilisearch ${h.status}` };
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const r = await this.client.index(this.uid).search<SearchDocument>(meiliQueryText(req.query), {
      filter: meiliFilter(req.query),
      sort: SORT[req.sort],
      offset: req.offset,
      limit: req.limit,
      facets: req.facets ? FACETS.map((f) => FACET_ATTRIBUTE[f]) : undefined,
    });
    const facets: SearchResult['facets'] = {};
    if (req.facets) for (const f of FACETS) if (r.facetDistribution?.[FACET_ATTRIBUTE[f]]) facets[f] = r.facetDistribution[FACET_ATTRIBUTE[f]];
    return { hits: r.hits.map(({ _formatted, _matchesPosition, _rankingScore, ...d }) => d as SearchDocument), total: r.estimatedTotalHits ?? r.hits.length, facets };
  }
}
