import { Meilisearch, type SearchParams, type Settings } from 'meilisearch';
import { stemmer } from 'stemmer';
import { FACETS, type FacetName, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResult } from './engine.js';
import { msrvNumber, type ParsedQuery } from './query.js';
import { facetWord, STOP_WORDS, synonymMap, type SynonymMap } from './vocabulary.js';

export const MEILI_INDEX = 'packages';

/** Facet name → document attribute. */
const FACET_ATTRIBUTE: Record<FacetName, string> = {
  ecosystem: 'ecosystem', category: 'categories', profile: 'supports', tier: 'tiers', nostd: 'nostd',
  accelerator: 'accelerators', binding: 'bindingKinds', license: 'license', msrv: 'msrvBucket', council: 'councils', advisory: 'advisory',
};

/**
 * The index settings, as code. Searchable attributes in priority order — name, keywords, categories,
 * description — with the facet words a package has evidence for (`cuda`, `wasm`, `nostd`) between them
 * by the evidence's strength, so the `attribute` rule ranks verified above declared above inferred.
 * Ranking rules end in a council's recommendation and popularity; English stop words; synonyms from
 * the same table the Postgres engine expands with; no typos on exact names (a typo still matches the
 * name split into words), none under five characters, one up to eight. Matching drops the most frequent
 * words first (`matchingStrategy: "frequency"`, a search parameter, see MATCHING_STRATEGY). Meilisearch has no
 * English stemmer, so documents carry the stems of their words (`stems`, searched last) and a query whose
 * words stem differently is also run stemmed: see `search`.
 */
export function meiliSettings(synonyms: SynonymMap): Settings {
  return {
    searchableAttributes: ['bareName', 'name', 'nameWords', 'facetsVerified', 'keywords', 'facetsDeclared', 'categories', 'facetsInferred', 'description', 'stems'],
    filterableAttributes: ['ecosystem', 'keywords', 'categories', 'supports', 'targets', 'tiers', 'nostd', 'accelerators', 'bindingKinds', 'license', 'msrvNum', 'msrvBucket', 'councils', 'advisory'],
    sortableAttributes: ['downloads', 'dependents', 'updatedAt', 'name'],
    // An explicit order (name, downloads…) decides first, as in the Postgres engine; without one the
    // `sort` rule does nothing. A council recommendation outranks popularity among equally good text
    // matches; where downloads are unknown (equal), the crates that depend on a package decide.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness', 'recommended:desc', 'downloads:desc', 'dependents:desc'],
    stopWords: [...STOP_WORDS].sort(),
    synonyms: Object.fromEntries([...synonyms].map(([term, syns]) => [term, [...syns]])),
    typoTolerance: { disableOnAttributes: ['name'], minWordSizeForTypos: { oneTypo: 5, twoTypos: 9 } },
    faceting: { maxValuesPerFacet: 200 },
    pagination: { maxTotalHits: 100_000 },
  };
}

/**
 * All words first; when too few documents match them, the most frequent words are dropped first, so
 * `no_std allocator` falls back to allocators, not to every no_std crate (the Postgres engine ranks
 * by how many words match, the rarer ones counting most).
 */
export const MATCHING_STRATEGY = 'frequency' as const;

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
  for (const t of q.targets) f.push(`targets = ${quote(t)}`);
  if (q.nostd) f.push(`nostd IN ["always", "optional"]`);
  for (const a of q.accelerators) f.push(`accelerators = ${quote(a)}`);
  for (const b of q.bindings) f.push(`bindingKinds = ${quote(b)}`);
  for (const c of q.councils) f.push(`councils = ${quote(c)}`);
  if (q.advisories.length) f.push(`advisory IN [${q.advisories.map(quote).join(', ')}]`);
  const msrv = msrvNumber(q.msrvMax);
  if (msrv !== null) f.push(`msrvNum <= ${msrv}`);
  return f.map((x) => (x.includes(' OR ') ? `(${x})` : x));
}

/**
 * Free text as Meilisearch reads it: words, "phrases" and -negated words. A facet word is sent as the
 * token documents carry for it (`no_std` → `nostd`), which the tokenizer would otherwise split.
 */
export function meiliQueryText(q: ParsedQuery): string {
  const terms = q.terms.map((t) => (facetWord(t)?.facet === 'nostd' ? 'nostd' : t));
  return [...terms, ...q.phrases.map((p) => `"${p}"`), ...q.excluded.map((x) => (x.includes(' ') ? `-"${x}"` : `-${x}`))].join(' ');
}

/** English stems of a text's words (Porter, as the Postgres engine's `english` dictionary stems), stop words left out. */
export function stemsOf(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 2 && !STOP_WORDS.has(w))
    .map((w) => stemmer(w));
}

/** The query with each free word stemmed (`allocator` → `alloc`); phrases and exclusions stay as typed. */
export function meiliStemmedText(q: ParsedQuery): string {
  return meiliQueryText({ ...q, terms: q.terms.map((t) => (facetWord(t) ? t : stemsOf(t).join(' ') || t)) });
}

/** The facet words a document has evidence for, grouped by the evidence's kind (see meiliSettings). */
function facetWords(d: SearchDocument) {
  const out = { facetsVerified: [] as string[], facetsDeclared: [] as string[], facetsInferred: [] as string[] };
  const subjects = [...d.accelerators.map((a) => `accel:${a}`), ...d.supports.map((p) => `profile:${p}`), ...(['always', 'optional'].includes(d.nostd) ? ['nostd'] : [])];
  for (const s of subjects) {
    const kind = d.strengths?.[s] ?? 'inferred';
    const word = s === 'nostd' ? 'nostd' : s.slice(s.indexOf(':') + 1);
    out[kind === 'verified' ? 'facetsVerified' : kind === 'declared' ? 'facetsDeclared' : 'facetsInferred'].push(word);
  }
  return out;
}

/** What is stored in Meilisearch: the document, with category ancestors added for prefix filtering. */
export function meiliDocument(d: SearchDocument) {
  const ancestors = d.categories.flatMap((c) => c.split('::').map((_, i, parts) => parts.slice(0, i + 1).join('::')));
  // Uncounted is none, so the "most depended on" order is total (Meilisearch sorts a missing field last).
  const stems = [...new Set(stemsOf([d.nameWords, ...d.keywords, ...d.categories, d.description ?? ''].join(' ')))];
  // The name without its npm scope, as words: `exactness` then puts @napi-rs/canvas above @napi-rs/canvas-linux-x64-gnu for `canvas`.
  const bareName = d.name.slice(d.name.lastIndexOf('/') + 1).split(/[-_.]+/).join(' ');
  return { ...d, bareName, dependents: d.dependents ?? 0, categories: [...new Set(ancestors)], recommended: d.councils?.length ? 1 : 0, ...facetWords(d), stems };
}

const SORT: Record<SearchRequest['sort'], string[] | undefined> = { relevance: undefined, downloads: ['downloads:desc'], dependents: ['dependents:desc', 'name:asc'], recent: ['updatedAt:desc'], name: ['name:asc'] };

/** Meilisearch through the official client. Every write waits for its task, so a failure is a thrown error the outbox retries. */
export class MeiliSearchEngine implements SearchEngine {
  readonly name = 'meilisearch' as const;

  /** `synonyms` reads the shared synonym table (search_synonyms), so both engines expand alike. */
  constructor(private readonly client: Meilisearch, private readonly synonyms: () => Promise<SynonymMap>, private readonly uid = MEILI_INDEX) {}

  /** Without a synonym source (a throwaway engine, as in outage tests) only the built-in synonyms apply. */
  static connect(host: string, apiKey?: string, synonyms: () => Promise<SynonymMap> = async () => synonymMap([])) {
    return new MeiliSearchEngine(new Meilisearch({ host, apiKey }), synonyms);
  }

  async applySettings() {
    await this.client.createIndex(this.uid, { primaryKey: 'id' }).waitTask();
    await this.client.index(this.uid).updateSettings(meiliSettings(await this.synonyms())).waitTask();
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
    const building = new MeiliSearchEngine(this.client, this.synonyms, next);
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

  /**
   * Words as typed first; when stemming changes the query, the stemmed query runs beside it (one
   * multi-search) and its matches follow the exact ones, as the Postgres engine ranks exact forms above
   * stems. The total and facets are those of the wider of the two.
   */
  async search(req: SearchRequest): Promise<SearchResult> {
    const params: SearchParams = {
      filter: meiliFilter(req.query),
      sort: SORT[req.sort],
      matchingStrategy: MATCHING_STRATEGY,
      facets: req.facets ? FACETS.map((f) => FACET_ATTRIBUTE[f]) : undefined,
    };
    const text = meiliQueryText(req.query);
    const stemmed = meiliStemmedText(req.query);
    type Found = { hits: ReturnType<typeof meiliDocument>[]; estimatedTotalHits?: number; facetDistribution?: Record<string, Record<string, number>> };
    let r: Found;
    let hitsOf: Found['hits'];
    if (stemmed === text) {
      r = await this.client.index(this.uid).search<ReturnType<typeof meiliDocument>>(text, { ...params, offset: req.offset, limit: req.limit });
      hitsOf = r.hits;
    } else {
      const window = { offset: 0, limit: req.offset + req.limit };
      const { results } = await this.client.multiSearch({
        queries: [
          { indexUid: this.uid, q: text, ...params, ...window },
          { indexUid: this.uid, q: stemmed, ...params, ...window },
        ],
      });
      const [exact, stem] = results as unknown as [Found, Found];
      const seen = new Set(exact.hits.map((h) => h.id));
      hitsOf = [...exact.hits, ...stem.hits.filter((h) => !seen.has(h.id))].slice(req.offset, req.offset + req.limit);
      r = (stem.estimatedTotalHits ?? 0) >= (exact.estimatedTotalHits ?? 0) ? stem : exact;
    }
    const facets: SearchResult['facets'] = {};
    if (req.facets) for (const f of FACETS) if (r.facetDistribution?.[FACET_ATTRIBUTE[f]]) facets[f] = r.facetDistribution[FACET_ATTRIBUTE[f]];
    const hits = hitsOf.map(({ bareName, facetsVerified, facetsDeclared, facetsInferred, recommended, stems, ...d }) => d as SearchDocument);
    return { hits, total: r.estimatedTotalHits ?? hits.length, facets };
  }
}
