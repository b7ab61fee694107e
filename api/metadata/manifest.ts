import { z } from '@hono/zod-openapi';
import semver from 'semver';
import { ACCELERATORS } from '../engine/compat/knowledge.js';
import { PROFILES } from '../engine/compat/profiles.js';

/**
 * The metadata manifest an owner publishes (as JSON, or the same structure as TOML): what the
 * maintainers declare about where the package runs and how it is maintained. Version 1.
 * Declarations sit beside what Ferrite infers, as `declared` evidence; they never erase it.
 */
const STATUS = ['works', 'partial', 'does-not-work'] as const;
/** What owners may declare about upkeep (`maintenance.status`): the manifest, the manage form and the contributors API share it. */
export const MAINTENANCE_STATUSES = ['active', 'passively-maintained', 'looking-for-maintainers', 'deprecated'] as const;
export const CLAIM_STATUS: Record<(typeof STATUS)[number], string> = { works: 'yes', partial: 'partial', 'does-not-work': 'no' };

const Declaration = z
  .object({
    status: z.enum(STATUS),
    note: z.string().trim().max(500).optional(),
    features: z.array(z.string().regex(/^[A-Za-z0-9_+./-]{1,64}$/, 'a feature name')).max(50).optional().openapi({ description: 'The feature set the status holds for.' }),
  })
  .strict();

const CrateName = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'a crate name');
const NpmName = z.string().regex(/^(@[a-z0-9][a-z0-9._~-]*\/)?[a-z0-9._~-]{1,214}$/, 'an npm package name');
const Triple = z.string().regex(/^[a-z0-9_.-]{3,80}$/, 'a target triple');

export const MetadataManifest = z
  .object({
    schema: z.literal(1).openapi({ description: 'The manifest format version: 1.' }),
    versions: z
      .string()
      .trim()
      .max(100)
      .default('*')
      .refine((r) => semver.validRange(r) !== null, 'a semver range such as ">=0.5" or "*"')
      .openapi({ description: 'Which published versions the declarations cover (semver range, default every version).' }),
    profiles: z.partialRecord(z.enum(PROFILES), Declaration).default({}),
    targets: z
      .record(Triple, Declaration)
      .default({})
      .refine((t) => Object.keys(t).length <= 100, 'at most 100 targets'),
    nostd: z.enum(['always', 'optional', 'no']).optional().openapi({ description: 'always: #![no_std]; optional: behind a `std` feature; no: needs std.' }),
    // Each accelerator becomes one declared claim, and a version holds one claim per subject and source.
    accelerators: z
      .array(z.enum(ACCELERATORS))
      .max(ACCELERATORS.length)
      .refine((a) => new Set(a).size === a.length, 'each accelerator at most once')
      .optional(),
    maintenance: z
      .object({
        status: z.enum(MAINTENANCE_STATUSES),
        replacement: z.object({ ecosystem: z.enum(['crates', 'npm']).default('crates'), name: z.string().min(1).max(214) }).strict().optional(),
        note: z.string().trim().max(500).optional(),
      })
      .strict()
      .refine((m) => !m.replacement || m.status === 'deprecated', { message: 'only a deprecated package names a replacement', path: ['replacement'] })
      .optional(),
    alternatives: z.array(z.object({ ecosystem: z.enum(['crates', 'npm']).default('crates'), name: z.string().min(1).max(214) }).strict()).max(20).optional(),
    bindings: z
      .object({ npm: z.array(NpmName).max(20).optional(), crate: CrateName.optional() })
      .strict()
      .optional()
      .openapi({ description: 'For a crate: the npm packages that wrap it; for an npm package: the crate it wraps.' }),
  })
  .strict()
  .openapi('MetadataManifest');

export type Manifest = z.infer<typeof MetadataManifest>;
