import { type SQL, sql } from 'drizzle-orm';
import type { Database } from '../db/client.js';
import { nameKey } from '../engine/formats/names.js';
import { FACETS, type FacetName, type SearchDocument, type SearchEngine, type SearchRequest, type SearchResult } from './engine.js';
import { msrvNumber, words } from './query.js';
import { andAll, anyQuery, exactQuery, leadingMatches, slotMatch, slotQuery, strengthScore, wordQuery } from './pg-text.js';
import { readSynonyms } from './synonyms.js';
import { querySlots, type Slot, type SynonymMap } from './vocabulary.js';

/**
 * Typos: `%` is pg_trgm's similarity operator (threshold 0.3), served by the trigram index on names.
 * As in Meilisearch's defaults, words shorter than five characters get no typo tolerance: their
 * few trigrams match a tenth of a large catalog, all of which would have to be re-checked.
 */
const MIN_TYPO_LENGTH = 5;
/**
 * A name is typed as one or two words; a longer query (`command line argument parser`) is a
 * description, and its trigram arm (one posting list per trigram) cost 46 ms at 190k documents.
 */
const MAX_TYPO_WORDS = 2;
const CATALOG_FACETS_MS = 30_000;
/** Loaded synonyms are re-read this often, so `ferrite index synonyms` shows in a running hub. */
const SYNONYMS_MS = 60_000;
/** A word shorter than this is never corrected: too many names are one edit away. */
const MIN_CORRECTION_LENGTH = 4;
/**
 * Relevance is computed over at most this many matches, those whose name holds a query word first,
 * then the most downloaded, so common words stay fast (the full rank costs about 10 µs a row).
 */
const CANDIDATES = 1000;

/**
 * Values as one `text[]` literal parameter: the planner sees the values (an `array(select …)` is an
 * InitPlan it cannot estimate, so `profile:cloud parser` was planned as a scan of every cloud row).
 */
const textArray = (xs: string[]) => sql`${`{${xs.map((x) => `"${x.replace(/["\\]/g, '\\$&')}"`).join(',')}}`}::text[]`;

/**
 * Whether any document matches a tsquery. A plain `exists` is planned for its first row, as a scan
 * of the whole table that never finds one for a word no document has (460 ms at 190k documents);
 * a materialized CTE is planned for all its rows, so the word index answers.
 */
const anyDocument = (q: SQL) => sql`(with m as materialized (select 1 from search_documents d where d.tsv @@ ${q}) select exists (select 1 from m))`;

/** What a search whose match set is smaller than a page tells the fallbacks (see probeColumns). */
type Probe = { known: boolean[]; corrections: { from: string; to: string }[] };

/** The words a correction is looked for: not facet words, not short ones, each once. */
const correctionWords = (slots: Slot[]) => [...new Set(slots.filter((s) => !s.facet).flatMap((s) => s.words).filter((w) => w.length >= MIN_CORRECTION_LENGTH))];

type FacetCount = { value: string; n: number };
/**
 * Facet value counts over a `matched` CTE of search_documents rows. Rows are grouped by their facet
 * set first: facets have few values, so many packages share one set and each distinct set is
 * unnested once (8,600 `profile:embedded` rows unnested are 74,000).
 */
const facetCountQuery = sql`select v as value, sum(g.n)::int as n
  from (select m.facet_set, count(*) as n from matched m group by m.facet_set) g
  join search_facet_sets s on s.id = g.facet_set, unnest(s.facet_values) v group by v`;

function facetObject(rows: FacetCount[]): SearchResult['facets'] {
  const out: SearchResult['facets'] = {};
  for (const r of rows) {
    const at = r.value.indexOf(':');
    (out[r.value.slice(0, at) as FacetName] ??= {})[r.value.slice(at + 1)] = r.n;
  }
  return out;
}

/**
 * A facet set's key in search_facet_sets: sha256 of the `text[]` value's text form (migration 0034
 * computed the same for the documents it moved).
 */
const facetSetKey = (values: SQL) => sql`encode(sha256(convert_to((${values})::text, 'UTF8')), 'hex')`;

/** Every facet value of a document as `facet:value` (its set in search_facet_sets); values may hold `:`. */
export function facetValues(d: SearchDocument): string[] {
  const values: Record<FacetName, string[]> = {
    ecosystem: [d.ecosystem],
    category: d.categories,
    profile: d.supports,
    tier: d.tiers,
    nostd: [d.nostd],
    accelerator: d.accelerators,
    binding: d.bindingKinds,
    license: [d.license ?? 'unknown'],
    msrv: [d.msrvBucket],
    council: d.councils ?? [],
    advisory: d.advisory ? [d.advisory] : [],
  };
  return FACETS.flatMap((f) => values[f].map((v) => `${f}:${v}`));
}

/**
 * The embedded engine: PostgreSQL full-text search over `search_documents`, on the server or on
 * PGlite. Exact name match first, then weighted text rank (name > keywords > categories >
 * description) with prefix matching of the last word, then pg_trgm similarity of the name (typos),
 * with downloads as the tie-breaker. Facet counts come from the same match set in SQL.
 */
export class PostgresSearchEngine implements SearchEngine {
  readonly name = 'postgres' as const;

  /**
   * The whole catalog's facet counts and total (the home page's, and every unfiltered search page), reused
   * for CATALOG_FACETS_MS: at registry scale they are a pass over every document. Writes through
   * this engine drop them at once; writes by another process (`ferrite worker`) show within that time.
   */
  private catalogFacets: { at: number; facets: SearchResult['facets']; total: number } | null = null;

  constructor(private readonly database: Database) {}

  async applySettings() {}

  async health() {
    await this.database.rows(sql`select 1 from search_documents limit 1`);
    return { ok: true, detail: 'postgres full-text search' };
  }

  async index(docs: SearchDocument[]) {
    if (!docs.length) return;
    this.catalogFacets = null;
    const input = docs.map((doc) => ({ id: doc.id, ecosystem: doc.ecosystem, name: doc.name, key: nameKey(doc.ecosystem, doc.name), words: doc.nameWords, downloads: doc.downloads, updated_at: doc.updatedAt, doc, facets: facetValues(doc) }));
    // New facet sets first, in their own statement: the next one's snapshot then sees a set another
    // process added meanwhile (ON CONFLICT waits for that process to commit, and skips its row). In key
    // order, as every writer does, so two writers adding the same new sets never wait on each other in a cycle.
    const sets = [...new Map(input.map((d) => [JSON.stringify(d.facets), d.facets])).values()];
    await this.database.rows(sql`insert into search_facet_sets (key, facet_values)
      select ${facetSetKey(sql`v`)}, v from (select array(select json_array_elements_text(s)) as v from json_array_elements(${JSON.stringify(sets)}::json) s) s
      order by 1 on conflict (key) do nothing`);
    // One statement: the searched columns and the document (search_document_bodies) change together.
    await this.database.rows(sql`
      with input as (select * from json_to_recordset(${JSON.stringify(input)}::json)
        as d(id bigint, ecosystem text, name text, key text, words text, downloads bigint, updated_at timestamptz, doc jsonb, facets json)),
      searched as (
      insert into search_documents (package_id, ecosystem, name, name_key, tsv, downloads, dependents, updated_at, keywords, categories,
        supports, targets, nostd, accelerators, binding_kinds, msrv_num, councils, facet_set, strengths, advisory)
      select d.id, d.ecosystem, d.name, d.key,
        search_tsv(d.name, d.words,
          array_to_string(array(select jsonb_array_elements_text(d.doc->'keywords')), ' '),
          array_to_string(array(select jsonb_array_elements_text(d.doc->'categories')), ' '),
          d.doc->>'description'),
        d.downloads, coalesce((d.doc->>'dependents')::int, 0), d.updated_at,
        array(select jsonb_array_elements_text(d.doc->'keywords')), array(select jsonb_array_elements_text(d.doc->'categories')),
        array(select jsonb_array_elements_text(d.doc->'supports')), array(select jsonb_array_elements_text(d.doc->'targets')),
        d.doc->>'nostd',
        array(select jsonb_array_elements_text(d.doc->'accelerators')), array(select jsonb_array_elements_text(d.doc->'bindingKinds')),
        (d.doc->>'msrvNum')::int,
        array(select jsonb_array_elements_text(coalesce(d.doc->'councils', '[]'::jsonb))),
        f.id, coalesce(d.doc->'strengths', '{}'::jsonb), d.doc->>'advisory'
      from input d join search_facet_sets f on f.key = ${facetSetKey(sql`array(select json_array_elements_text(d.facets))`)}
      -- Rows are locked in id order by every writer, for the same reason as the sets.
      order by d.id
      on conflict (package_id) do update set
        ecosystem = excluded.ecosystem, name = excluded.name, name_key = excluded.name_key, tsv = excluded.tsv,
        downloads = excluded.downloads, dependents = excluded.dependents, updated_at = excluded.updated_at, keywords = excluded.keywords, categories = excluded.categories,
        supports = excluded.supports, targets = excluded.targets, nostd = excluded.nostd,
        accelerators = excluded.accelerators, binding_kinds = excluded.binding_kinds,
        msrv_num = excluded.msrv_num, councils = excluded.councils, facet_set = excluded.facet_set, strengths = excluded.strengths, advisory = excluded.advisory
      returning package_id)
      insert into search_document_bodies (package_id, doc) select d.id, d.doc from input d join searched s on s.package_id = d.id order by d.id
      on conflict (package_id) do update set doc = excluded.doc`);
  }

  async delete(ids: number[]) {
    this.catalogFacets = null;
    if (ids.length) await this.database.rows(sql`delete from search_documents where package_id in (select value::bigint from json_array_elements_text(${JSON.stringify(ids)}::json))`);
  }

  async rebuild(batches: AsyncIterable<SearchDocument[]>) {
    // Upsert everything, then drop what the catalog no longer has: readers never see an empty index.
    const seen: number[] = [];
    for await (const docs of batches) {
      await this.index(docs);
      seen.push(...docs.map((d) => d.id));
    }
    await this.database.rows(sql`delete from search_documents where package_id not in (select value::bigint from json_array_elements_text(${JSON.stringify(seen)}::json))`);
    this.catalogFacets = null;
    return seen.length;
  }

  async search(req: SearchRequest): Promise<SearchResult> {
    const filters = this.filters(req);
    const where = filters.length ? sql.join(filters, sql` and `) : sql`true`;
    const slots = querySlots(req.query.terms, await this.synonyms());
    if (!slots.length && !req.query.phrases.length) return this.browse(req, where, filters.length === 0);
    const key = nameKey('crates', req.query.terms.flatMap(words).join('_'));
    // Every word, plus names one typo away when that is too little for a page; the same statement
    // says which words no document has, and their corrections, for the fallbacks below.
    const { result: all, probe } = await this.searchText(req, where, slots, 'all', key, { probe: !req.verbatim });
    if (all.total >= req.limit || !probe) return all;
    // Still too little: a misspelt word is corrected first, then words are dropped from the end.
    if (probe.corrections.length) {
      const fixed = slots.map((s) => ({ ...s, words: s.words.map((w) => probe.corrections.find((c) => c.from === w)?.to ?? w) }));
      const fixedKey = nameKey('crates', fixed.flatMap((s) => s.words).join('_'));
      const { result: r } = await this.searchText(req, where, fixed, 'all', fixedKey);
      const out = r.total >= req.limit || fixed.length < 2 ? r : (await this.searchText(req, where, fixed, 'last', fixedKey)).result;
      if (out.total >= all.total) return { ...out, corrections: probe.corrections };
    }
    if (slots.length < 2) return all;
    // A word no document contains cannot rank anything: dropping it first keeps it from emptying "last" matching.
    const known = slots.filter((_, i) => probe.known[i]);
    return (await this.searchText(req, where, known.length ? known : slots, 'last', key)).result;
  }

  /** Loaded synonyms, re-read every SYNONYMS_MS; an unreadable table (not migrated yet) is no synonyms. */
  private synonymCache: { at: number; map: SynonymMap } | null = null;
  private async synonyms(): Promise<SynonymMap> {
    if (this.synonymCache && performance.now() - this.synonymCache.at <= SYNONYMS_MS) return this.synonymCache.map;
    this.synonymCache = { at: performance.now(), map: await readSynonyms(this.database) };
    return this.synonymCache.map;
  }

  /**
   * What the fallbacks need, as columns of the search statement that PostgreSQL computes only when
   * the match set is smaller than a page (an untaken CASE branch never runs its subqueries): whether
   * any document matches each slot (facet words always do: they match through the facet), and for
   * each word no document contains the closest word of a package name (pg_trgm similarity over the
   * name index), `tokoi` → `tokio`. Short words and facet words are never corrected. A word that is
   * the whole name typed reads the names the typo arm found (`near`) instead of the index again.
   */
  private probeColumns(slots: Slot[], limit: number, nearKey: string | null): SQL {
    const candidates = correctionWords(slots);
    const known = slots.map((s, i) => (s.facet ? sql`true` : anyDocument(slotQuery(s, i === slots.length - 1))));
    const fix = (w: string) => sql`case when not ${anyDocument(wordQuery(w, false))} then (
      select part from (select unnest(string_to_array(d.name_key, '_')) as part, d.downloads
        from ${w === nearKey ? sql`near d` : sql`search_documents d where d.name_key % ${w}`}) p
      where part <> ${w} and similarity(part, ${w}) >= 0.3
      order by similarity(part, ${w}) desc, downloads desc, part limit 1) end`;
    const short = sql`(select n from total) < ${limit}`;
    // JSON, not SQL arrays: a text[] element that is NULL reads back as the string "NULL".
    return sql`, case when ${short} then json_build_array(${sql.join(known, sql`, `)}) end as known,
      case when ${short} then json_build_array(${sql.join(candidates.map(fix), sql`, `)}) end as fixes`;
  }

  /**
   * Filters alone (a category, a target, the home page): no relevance to compute, so the page is
   * read straight off the table in the asked order, which the downloads and updated_at indexes serve.
   */
  private async browse(req: SearchRequest, where: SQL, whole: boolean): Promise<SearchResult> {
    // Started at once and always awaited through Promise.all, so a failing count never leaves the
    // page's query rejected with no one listening (an unhandled rejection ends a Node process).
    const page = () => this.database.rows<{ doc: SearchDocument }>(sql`
      with page as (select d.package_id, d.downloads, d.dependents, d.updated_at, d.name from search_documents d where ${where}
        order by ${this.orderBy(req, false, sql`d.`)} offset ${req.offset} limit ${req.limit})
      select b.doc from page p join search_document_bodies b on b.package_id = p.package_id order by ${this.orderBy(req, false, sql`p.`)}`);
    if (!req.facets) {
      const [[count], hits] = await Promise.all([this.database.rows<{ total: number }>(sql`select count(*)::int as total from search_documents d where ${where}`), page()]);
      return { hits: hits.map((r) => r.doc), total: count!.total, facets: {} };
    }
    // With facets, the total is theirs: every document has exactly one ecosystem.
    const counted = async () => {
      const facets = await this.facets(sql`select d.package_id, d.facet_set from search_documents d where ${where}`);
      return { facets, total: Object.values(facets.ecosystem ?? {}).reduce((a, b) => a + b, 0) };
    };
    const fresh = this.catalogFacets && performance.now() - this.catalogFacets.at <= CATALOG_FACETS_MS ? this.catalogFacets : null;
    const [hits, counts] = await Promise.all([page(), whole && fresh ? fresh : counted()]);
    if (whole && !fresh) this.catalogFacets = { at: performance.now(), ...counts };
    return { hits: hits.map((r) => r.doc), total: counts.total, facets: counts.facets };
  }

  /**
   * Text search with Meilisearch's "last" matching: `all` requires every slot; `last` requires the
   * first and ranks by how many slots match from the start. Then field weight and proximity
   * (ts_rank_cd over name A > keywords B > categories C > description D), exactness, the evidence
   * behind a facet word, a council's recommendation and downloads.
   */
  private async searchText(req: SearchRequest, where: SQL, slots: Slot[], strategy: 'all' | 'last', key: string, opts: { probe?: boolean } = {}): Promise<{ result: SearchResult; probe: Probe | null }> {
    const lastSlot = slots.length - 1;
    // A facet word (`no_std allocator`) is required only when it is all there is; beside other words it ranks.
    const words = slots.filter((s) => !s.facet);
    const facetSlots = slots.filter((s) => s.facet);
    const required: SQL[] = words.length
      ? (strategy === 'all' ? words : words.slice(0, 1)).map((s) => slotMatch(s, s === slots[lastSlot]))
      : facetSlots.length
        ? [sql`(${sql.join(facetSlots.map((s) => slotMatch(s, s === slots[lastSlot])), sql` or `)})`]
        : [];
    for (const p of req.query.phrases) required.push(sql`d.tsv @@ (phraseto_tsquery('simple', ${p}) || phraseto_tsquery('english', ${p}))`);
    // Names match exactly besides the text match.
    const textOrName = sql`((${sql.join(required, sql` and `)})${key ? sql` or d.name_key = ${key}` : sql``})`;
    // The match set is narrow (tens of thousands of rows for `wasm`): what ranks is read for the
    // candidates only, and the documents for the page only, at the end.
    const nameWords = [...new Set(slots.flatMap((s) => s.words))];
    const named = nameWords.length ? sql`(${sql.join(nameWords.map((w) => sql`strpos(d.name_key, ${w}) > 0`), sql` or `)})` : sql`false`;
    // Relevance picks candidates by `named` and downloads; another order needs its own keys.
    const sortKeys = req.sort === 'relevance' ? sql`d.downloads` : sql`d.name, d.downloads, d.dependents, d.updated_at`;
    const columns = sql`d.package_id, ${sortKeys}, ${named} as named${req.facets ? sql`, d.facet_set` : sql``}`;
    // Names one typo away (pg_trgm) join only when the text finds less than a page: the trigram arm
    // reads thousands of rows, so PostgreSQL skips it (a one-time filter) when the page is full.
    const typos = key.length >= MIN_TYPO_LENGTH && key.split('_').length <= MAX_TYPO_WORDS;
    const typoArm = typos
      ? sql` union all select ${columns} from near d where ${where} and not ${textOrName}
          and (select count(*) from (select from exact limit ${req.limit}) e) < ${req.limit}`
      : sql``;
    const order = this.orderBy(req, true);
    const c = sql`c.`;
    // ts_rank_cd bounded to [0, 1) (flag 32, rank / (rank + 1)): otherwise a platform package whose name
    // repeats its parent's (`@napi-rs/canvas-linux-x64-gnu`) outranks the parent on sheer word count.
    const textRank = slots.length
      ? sql`ts_rank_cd('{0.1, 0.2, 0.4, 1.0}', c.tsv, ${anyQuery(slots)}, 32) * 10 + (case when c.tsv @@ ${exactQuery(slots)} then 0.5 else 0 end) + ${strengthScore(slots, c)}`
      : sql`0`;
    // Relevance over a bounded candidate set (ties by id: comparing names under the database's collation
    // was most of the sort's time); another order needs only its page. `ln` of a float, not of a numeric.
    const candidates = req.sort === 'relevance'
      ? sql`select package_id from matched order by named desc, downloads desc, package_id limit ${CANDIDATES}`
      : sql`select package_id from matched m order by ${this.orderBy(req, false, sql`m.`)} limit ${req.offset + req.limit}`;
    // One row: the page, the count and the facet counts, so the match set is read once even when the page is empty.
    const facetCounts = req.facets ? sql`, (select json_agg(json_build_object('value', f.value, 'n', f.n)) from (${facetCountQuery}) f) as facets` : sql``;
    const [row] = await this.database.rows<{ docs: SearchDocument[] | null; total: number; facets?: FacetCount[] | null; known?: boolean[] | null; fixes?: (string | null)[] | null }>(sql`
      with exact as (select ${columns} from search_documents d where ${where} and ${textOrName}),
      ${typos ? sql`near as (select d.* from search_documents d where d.name_key % ${key}),` : sql``}
      matched as (select * from exact${typoArm}),
      total as (select count(*)::int as n from matched),
      candidates as (${candidates}),
      ranked as (
        select c.package_id, c.name, c.downloads, c.dependents, c.updated_at,
          ${key ? sql`(case when c.name_key = ${key} then 1000 else 0 end) + similarity(c.name_key, ${key}) * 3 +` : sql``}
            ${strategy === 'last' ? sql`${leadingMatches(words, c)} * 100 + (case when c.name_key = ${words[0]?.words.join('_') ?? ''} then 50 else 0 end) +` : sql``}
            ${sql.join(facetSlots.map((s) => sql`(case when ${slotMatch(s, s === slots[lastSlot], c)} then 3 else 0 end) +`), sql` `)}
            ${textRank}
            + ln(1 + c.downloads::float8) * 0.01
            + (case when cardinality(c.councils) > 0 then 2 else 0 end) as score
        -- A row per candidate by its key (OFFSET 0 keeps the planner from hashing the whole table to join a thousand rows).
        from candidates k cross join lateral (select * from search_documents c where c.package_id = k.package_id offset 0) c),
      paged as (select package_id, name, downloads, dependents, updated_at, score from ranked order by ${order} offset ${req.offset} limit ${req.limit})
      select (select json_agg(s.doc order by ${this.orderBy(req, true, sql`paged.`)})
          from paged join search_document_bodies s on s.package_id = paged.package_id) as docs,
        (select n from total) as total ${facetCounts} ${opts.probe ? this.probeColumns(slots, req.limit, typos ? key : null) : sql``}`);
    const result = { hits: row!.docs ?? [], total: row!.total, facets: req.facets ? facetObject(row!.facets ?? []) : {} };
    if (!row!.known) return { result, probe: null };
    const fixes = row!.fixes ?? [];
    return { result, probe: { known: row!.known, corrections: correctionWords(slots).flatMap((from, i) => (fixes[i] ? [{ from, to: fixes[i] }] : [])) } };
  }

  private orderBy(req: SearchRequest, hasText: boolean, t: SQL = sql``): SQL {
    switch (req.sort) {
      case 'downloads':
        return sql`${t}downloads desc, ${t}name`;
      case 'dependents':
        return sql`${t}dependents desc, ${t}name`;
      case 'recent':
        return sql`${t}updated_at desc, ${t}name`;
      case 'name':
        return sql`${t}name`;
      default:
        return hasText ? sql`${t}score desc, ${t}downloads desc, ${t}name` : sql`${t}downloads desc, ${t}name`;
    }
  }

  private async facets(matched: SQL): Promise<SearchResult['facets']> {
    return facetObject(await this.database.rows<FacetCount>(sql`with matched as (${matched}) ${facetCountQuery}`));
  }

  /** One filter per qualifier (typed or sent as a form field), and `-terms`; free words are not filters. */
  private filters(req: SearchRequest): SQL[] {
    const q = req.query;
    const filters: SQL[] = [];
    for (const x of q.excluded) {
      const ws = words(x);
      if (ws.length) filters.push(sql`not d.tsv @@ ${andAll(ws.map((w) => wordQuery(w, false)))}`);
    }
    if (q.ecosystem) filters.push(sql`d.ecosystem = ${q.ecosystem}`);
    if (q.keywords.length) filters.push(sql`d.keywords @> ${textArray(q.keywords)}`);
    for (const c of q.categories) filters.push(sql`exists (select 1 from unnest(d.categories) c where c = ${c} or c like ${`${c}::%`})`);
    if (q.profiles.length) filters.push(sql`d.supports @> ${textArray(q.profiles)}`);
    // The document lists every triple the per-target rule answers yes or partial for.
    for (const t of q.targets) filters.push(sql`d.targets @> ${textArray([t])}`);
    if (q.nostd) filters.push(sql`d.nostd in ('always', 'optional')`);
    if (q.accelerators.length) filters.push(sql`d.accelerators @> ${textArray(q.accelerators)}`);
    if (q.bindings.length) filters.push(sql`d.binding_kinds @> ${textArray(q.bindings)}`);
    if (q.councils.length) filters.push(sql`d.councils @> ${textArray(q.councils)}`);
    if (q.advisories.length) filters.push(sql`d.advisory = any(${textArray(q.advisories)})`);
    const msrv = msrvNumber(q.msrvMax);
    if (msrv !== null) filters.push(sql`d.msrv_num <= ${msrv}`);
    return filters;
  }
}
