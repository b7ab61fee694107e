import { z } from '@hono/zod-openapi';

const Manifest = z.object({
  name: z.string(),
  version: z.string(),
  description: z.string().optional(),
  license: z.string().optional(),
  licenseFile: z.string().optional(),
  repository: z.string().optional(),
  homepage: z.string().optional(),
  documentation: z.string().optional(),
  keywords: z.array(z.string()).optional(),
  categories: z.array(z.string()).optional(),
  readme: z.union([z.string(), z.literal(false)]).optional().openapi({ description: '`readme` as written: a path inside the package, or false when the manifest says there is none.' }),
  rustVersion: z.string().optional(),
  edition: z.string().optional(),
  maintenance: z.string().optional().openapi({ description: '`[badges] maintenance.status`.' }),
  docsRs: z.object({ defaultTarget: z.string().optional(), targets: z.array(z.string()).optional() }).optional()
    .openapi({ description: '`[package.metadata.docs.rs]`: the targets docs.rs builds.' }),
  libPath: z.string().optional().openapi({ description: '`[lib] path`, when it is not `src/lib.rs`.' }),
}).openapi('ArchiveManifest', { description: 'The packaged Cargo.toml\'s own fields, as written; a field it lacks is absent.' });

const NoStd = z.object({
  kind: z.enum(['always', 'without-std-feature', 'conditional', 'no', 'unknown']).openapi({
    description: '`always`: `#![no_std]`; `without-std-feature`: no_std unless the feature named in `feature` is on; `conditional`: a cfg_attr on something else (`predicate`); `no`: the library root links std; `unknown`: no library root to read.',
  }),
  feature: z.string().optional(),
  predicate: z.string().optional(),
  attribute: z.string().optional().openapi({ description: 'The attribute verbatim.' }),
  file: z.string().optional().openapi({ description: 'The archive path it was read from.' }),
}).openapi('NoStdEvidence');

export const ArchiveFactsResponse = z.object({
  source: z.literal('archive').openapi({ description: 'Every fact here comes from the version\'s own published `.crate`, never from the index or a repository.' }),
  crate: z.string(),
  version: z.string(),
  archive: z.object({
    sha256: z.string().openapi({ description: 'The archive\'s sha256, equal to the index `cksum` it was verified against.' }),
    size: z.number().int().openapi({ description: 'Bytes.' }),
    origin: z.enum(['cargo-cache', 'download', 'mirror']).openapi({ description: 'How Ferrite got it: imported from cargo\'s cache, downloaded by an index run, or fetched for a cargo request (mirror mode).' }),
    storedAt: z.string().openapi({ description: 'When Ferrite stored it (RFC 3339).' }),
    newestFileTime: z.string().nullable().openapi({ description: 'The newest file time inside the archive, when cargo recorded a real one (RFC 3339).' }),
    downloadUrl: z.string().openapi({ description: 'Its path on this Ferrite (cargo\'s `dl`).' }),
  }),
  manifest: Manifest,
  readme: z.object({
    path: z.string().openapi({ description: 'The archive path of the README.' }),
    html: z.string().openapi({ description: 'Rendered and sanitized HTML; relative links and images resolved against the repository.' }),
  }).nullable(),
  noStd: NoStd,
  problems: z.array(z.string()).openapi({ description: 'What could not be read from the archive (a README too large, a Cargo.toml that is not TOML…).' }),
  extractedAt: z.string().openapi({ description: 'When the facts were read (RFC 3339).' }),
}).openapi('ArchiveFacts');
export type ArchiveFactsResponse = z.infer<typeof ArchiveFactsResponse>;
