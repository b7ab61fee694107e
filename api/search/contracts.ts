import { z } from '@hono/zod-openapi';
import { FACETS, SORTS } from './engine.js';
import { ADVISORY_STATUSES } from '../advisories/status.js';
import { PROFILE_NAMES, RUST_VERSION } from './query.js';

/** A query parameter that may be given several times (`?accel=cuda&accel=metal`). */
const multi = (description: string) =>
  z
    .union([z.string().max(100), z.array(z.string().max(100)).max(20)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .openapi({ description, type: 'array', items: { type: 'string' } });

export const SearchQuery = z.object({
  q: z.string().max(500).optional().openapi({
    description:
      'Free text plus qualifiers: `keyword:`, `category:`, `target:<triple>`, `profile:embedded|wasm|cloud|wasi|mobile`, `nostd`, `accel:cuda`, `binding:napi-rs`, `msrv<=1.70`, `ecosystem:npm`, `council:embedded`, `advisory:none|vulnerable|unsound|unmaintained`, `-term` (exclude), `"exact phrase"`. Several keywords are ANDed.',
    example: 'embedded hal nostd',
  }),
  sort: z.enum(SORTS).optional().openapi({ description: 'Default: relevance with a query, downloads without.' }),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  perPage: z.coerce.number().int().min(1).max(100).default(20),
  ecosystem: z.enum(['crates', 'npm']).optional(),
  keyword: multi('Keywords, all required.'),
  category: multi('Category slugs (subcategories included), all required.'),
  target: multi('Rust target triples.'),
  profile: z
    .union([z.enum(PROFILE_NAMES), z.array(z.enum(PROFILE_NAMES))])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .openapi({ type: 'array', items: { type: 'string', enum: [...PROFILE_NAMES] } }),
  accel: multi('Accelerators (cuda, metal, webgpu, …).'),
  binding: multi('Binding kinds (napi-rs, wasm-bindgen, neon).'),
  council: multi('Recommended by these councils (slugs).'),
  advisory: z
    .union([z.enum(ADVISORY_STATUSES), z.array(z.enum(ADVISORY_STATUSES)).max(4)])
    .optional()
    .transform((v) => (v === undefined ? [] : Array.isArray(v) ? v : [v]))
    .openapi({ description: "RustSec's word on the current version (crates only); several values are alternatives.", type: 'array', items: { type: 'string', enum: [...ADVISORY_STATUSES] } }),
  nostd: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1'),
  msrv: z.string().regex(RUST_VERSION, 'a Rust version such as 1.70').optional().openapi({ description: 'Highest MSRV accepted.' }),
  facets: z.enum(['true', 'false']).default('true').transform((v) => v === 'true'),
  verbatim: z.enum(['true', 'false', '1', '0']).optional().transform((v) => v === 'true' || v === '1').openapi({ description: 'Search the words as typed: no correction of a word no package contains.' }),
});

export const SearchHit = z
  .object({
    ecosystem: z.enum(['crates', 'npm']),
    name: z.string(),
    version: z.string(),
    description: z.string().nullable(),
    keywords: z.array(z.string()),
    categories: z.array(z.string()),
    license: z.string().nullable(),
    downloads: z.number(),
    updatedAt: z.string(),
    profiles: z.object({ cloud: z.string(), wasm: z.string(), embedded: z.string() }),
    nostd: z.string(),
    accelerators: z.array(z.string()),
    bindingKinds: z.array(z.string()),
    bindings: z.array(z.string()),
    targets: z.array(z.string()),
    msrv: z.string().nullable(),
    councils: z.array(z.string()).openapi({ description: 'Councils that recommend the package.' }),
    advisory: z.enum(ADVISORY_STATUSES).nullable().openapi({ description: "RustSec's word on this version: none, vulnerable, unsound or unmaintained; null for npm packages and before any advisory database is imported." }),
  })
  .openapi('SearchHit');

export const SearchResponse = z
  .object({
    items: z.array(SearchHit),
    total: z.number().int(),
    page: z.number().int(),
    perPage: z.number().int(),
    nextPage: z.number().int().nullable(),
    engine: z.enum(['postgres', 'meilisearch']),
    sort: z.enum(SORTS).openapi({ description: 'The order the items are in (the asked one, or the default).' }),
    correction: z
      .object({ q: z.string(), original: z.string() })
      .nullable()
      .openapi({ description: 'When a word no package contains was corrected: the query the results are for, and the one typed.' }),
    facets: z.partialRecord(z.enum(FACETS), z.record(z.string(), z.number().int())).openapi({ description: 'Facet → value → count over every match.' }),
  })
  .openapi('SearchResponse');

/** `GET /api/v1/crates?q=` as crates.io answers it: what `cargo search` reads. */
export const CratesIoSearchQuery = z.object({
  q: z.string().max(500).default(''),
  page: z.coerce.number().int().min(1).max(1000).default(1),
  per_page: z.coerce.number().int().min(1).max(100).default(10),
});

export const CratesIoSearchResponse = z
  .object({
    crates: z.array(z.object({ id: z.string(), name: z.string(), max_version: z.string(), newest_version: z.string(), description: z.string().nullable(), downloads: z.number() })),
    meta: z.object({ total: z.number().int(), next_page: z.string().nullable(), prev_page: z.string().nullable() }),
  })
  .openapi('CratesIoSearch');
