import { sql } from 'drizzle-orm';
import { bigint, customType, index, integer, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { packages } from './catalog.js';

/** See the indexes below. */
const PENDING = { gin_pending_list_limit: 256 };

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

/**
 * Each distinct set of facet values a search document has, every value as `facet:value` in one
 * array (values may hold `:`). Sets are only added: one no document uses any more costs a row.
 */
export const searchFacetSets = pgTable('search_facet_sets', {
  id: integer('id').primaryKey().generatedAlwaysAsIdentity(),
  /**
   * The set's identity: sha256 (hex) of the array's text form, computed in SQL by facetSetKey.
   * Not a unique index on the array itself: a btree entry holds at most 2,704 bytes, and a license
   * string from a manifest has no length limit.
   */
  key: text('key').notNull().unique(),
  facetValues: text('facet_values').array().notNull(),
});

/**
 * The embedded search engine's index: one row per findable package, the search document plus
 * the columns queries filter, rank and facet on. Written only by the search outbox drain.
 */
export const searchDocuments = pgTable(
  'search_documents',
  {
    packageId: bigint('package_id', { mode: 'number' }).primaryKey().references(() => packages.id, { onDelete: 'cascade' }),
    ecosystem: text('ecosystem').notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    /**
     * Weighted: name A, keywords B, categories C, description D; built by the `search_tsv` SQL function
     * (names, keywords and categories in both `simple` and `english`, so exact forms and stems match).
     */
    tsv: tsvector('tsv').notNull(),
    downloads: bigint('downloads', { mode: 'number' }).notNull().default(0),
    /** Indexed crates that use this one directly (the document's `dependents`): the "most depended on" order. */
    dependents: integer('dependents').notNull().default(0),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    keywords: text('keywords').array().notNull(),
    categories: text('categories').array().notNull(),
    supports: text('supports').array().notNull(),
    targets: text('targets').array().notNull(),
    nostd: text('nostd').notNull(),
    accelerators: text('accelerators').array().notNull(),
    bindingKinds: text('binding_kinds').array().notNull(),
    msrvNum: integer('msrv_num'),
    councils: text('councils').array().notNull().default(sql`'{}'::text[]`),
    /**
     * The document's facet values, as the id of their set in search_facet_sets: facet counts group
     * the match set by this integer and unnest each distinct set once. Many packages share a set, and
     * grouping 20,000 rows by the array itself (detoasted, hashed) was most of a browse page's time.
     */
    facetSet: integer('facet_set').notNull().references(() => searchFacetSets.id),
    /**
     * Evidence kind (verified / declared / inferred) of the answer behind each accelerator, profile and
     * no_std value, keyed `accel:cuda`, `profile:wasm`, `nostd`: a query word naming one ranks by it.
     */
    strengths: jsonb('strengths').notNull().default(sql`'{}'::jsonb`),
    /** The document's `advisory` (none / vulnerable / unsound / unmaintained); null where no claim is made. */
    advisory: text('advisory'),
  },
  // GIN indexes keep at most 256 kB of pending entries (default 4 MB): every search reads the
  // pending list whole, and 4 MB of it after a bulk index added ~30 ms to each query at 190k documents,
  // for good on PGlite, which has no autovacuum to flush it. Inserts cost 1.6× what they did.
  (t) => [
    index('search_documents_tsv').using('gin', t.tsv).with(PENDING),
    index('search_documents_name_trgm').using('gin', t.nameKey.op('gin_trgm_ops')).with(PENDING),
    index('search_documents_supports').using('gin', t.supports).with(PENDING),
    index('search_documents_keywords').using('gin', t.keywords).with(PENDING),
    index('search_documents_accelerators').using('gin', t.accelerators).with(PENDING),
    // The orders browsing asks for, ties broken by name as the queries do, so a page is an index range.
    index('search_documents_downloads').on(t.downloads.desc().nullsFirst(), t.name),
    index('search_documents_updated_at').on(t.updatedAt.desc().nullsFirst(), t.name),
    index('search_documents_dependents').on(t.dependents.desc().nullsFirst(), t.name),
    index('search_documents_name_key').on(t.nameKey),
    index('search_documents_targets').using('gin', t.targets).with(PENDING),
    index('search_documents_nostd').on(t.nostd),
    index('search_documents_advisory').on(t.advisory),
    index('search_documents_msrv').on(t.msrvNum),
  ],
);

/**
 * The search document itself, as results show it: read for a page's twenty rows only, so it lives
 * apart from the columns every query scans. Beside them it was three quarters of the table, which
 * then outgrew the server's buffer cache at 190k documents and made every large match set a disk read.
 */
export const searchDocumentBodies = pgTable('search_document_bodies', {
  packageId: bigint('package_id', { mode: 'number' }).primaryKey().references(() => searchDocuments.packageId, { onDelete: 'cascade' }),
  doc: jsonb('doc').notNull(),
});

/**
 * Query expansion both engines apply: a query term (words joined by one space) and what it may also
 * be written as. Filled by `ferrite index synonyms` from lib.rs's keyword synonyms and crates.io's
 * category names; `source` says which, so one source can be reloaded without touching the other.
 */
export const searchSynonyms = pgTable(
  'search_synonyms',
  {
    term: text('term').notNull(),
    synonym: text('synonym').notNull(),
    source: text('source').notNull(),
  },
  (t) => [primaryKey({ columns: [t.term, t.synonym] })],
);
