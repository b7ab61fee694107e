import type { AdvisoryStatus } from '../advisories/status.js';
import type { ParsedQuery } from './query.js';

/** What the search engines index: one package, as search results show it at a glance. */
export type SearchDocument = {
  id: number;
  ecosystem: 'crates' | 'npm';
  name: string;
  /** The name split into words (`embedded-hal` → `embedded hal`), so each word matches. */
  nameWords: string;
  version: string;
  description: string | null;
  keywords: string[];
  categories: string[];
  license: string | null;
  downloads: number;
  /** How many indexed crates use this one directly (api/dependents): the popularity signal where downloads are unknown; absent until counted. */
  dependents?: number;
  updatedAt: string;
  /** Status per main profile, for display. */
  profiles: { cloud: string; wasm: string; embedded: string };
  /** Profiles with a `yes` or `partial` answer: what `profile:` filters and facets on. */
  supports: string[];
  /** Triples with evidence (docs.rs targets, binding builds). */
  targets: string[];
  /** Rust target tiers the package is known to run on. */
  tiers: string[];
  nostd: string;
  accelerators: string[];
  /** napi-rs / wasm-bindgen / neon: the package's own kind (npm) or its wrappers' (crates). */
  bindingKinds: string[];
  /** The other side of each binding: npm packages for a crate, the crate for an npm package. */
  bindings: string[];
  msrv: string | null;
  msrvNum: number | null;
  msrvBucket: string;
  /** Councils that recommend the package (by slug): a facet, a filter and a ranking boost. */
  councils: string[];
  /**
   * The kind of evidence (verified > declared > inferred) behind each accelerator, supported profile and
   * no_std answer, keyed `accel:cuda`, `profile:wasm`, `nostd`: a query word naming one ranks by it.
   */
  strengths?: Record<string, 'verified' | 'declared' | 'inferred'>;
  /**
   * RustSec's word on the current version (crates only): `vulnerable`, `unsound`, `unmaintained` or
   * `none`. Absent for npm packages and while the hub has imported no advisory database: no claim then.
   */
  advisory?: AdvisoryStatus;
};

export const SORTS = ['relevance', 'downloads', 'dependents', 'recent', 'name'] as const;
export type Sort = (typeof SORTS)[number];

export type SearchRequest = {
  query: ParsedQuery;
  sort: Sort;
  offset: number;
  limit: number;
  facets: boolean;
  /** Search the words as typed: no correction of a word no package contains. */
  verbatim?: boolean;
};

/** A query word no package contains, and the word the results are for instead. */
export type Correction = { from: string; to: string };

export const FACETS = ['ecosystem', 'category', 'profile', 'tier', 'nostd', 'accelerator', 'binding', 'license', 'msrv', 'council', 'advisory'] as const;
export type FacetName = (typeof FACETS)[number];

export type SearchResult = {
  hits: SearchDocument[];
  total: number;
  /** Facet → value → count, over every match (not only this page). */
  facets: Partial<Record<FacetName, Record<string, number>>>;
  /** Words corrected before searching (`tokoi` → `tokio`); absent when the words were searched as typed. */
  corrections?: Correction[];
};

/**
 * One contract, two engines: Meilisearch in production, PostgreSQL full-text search when
 * `MEILI_HOST` is unset. Both index the same documents and answer the same requests.
 */
export interface SearchEngine {
  readonly name: 'postgres' | 'meilisearch';
  /** Creates the index and applies its settings; idempotent. */
  applySettings(): Promise<void>;
  index(docs: SearchDocument[]): Promise<void>;
  delete(ids: number[]): Promise<void>;
  search(req: SearchRequest): Promise<SearchResult>;
  /** Replaces the whole index with these documents without a moment of empty results. */
  rebuild(docs: AsyncIterable<SearchDocument[]>): Promise<number>;
  health(): Promise<{ ok: boolean; detail: string }>;
}
