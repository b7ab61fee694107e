import { z } from '@hono/zod-openapi';

export const Evidence = z.object({ claim: z.string(), source: z.string(), detail: z.string() }).openapi('Evidence');

export const Claim = z
  .object({
    subject: z.string().openapi({ description: '`profile:<cloud|wasm|embedded|…>`, `target:<triple>`, `nostd`, `accel:<name>` or `msrv`.' }),
    status: z.string().openapi({ description: 'yes / partial / no / unknown (no_std: always / optional / no / unknown; msrv: a Rust version).' }),
    sourceKind: z.enum(['inferred', 'declared', 'verified']),
    source: z.string(),
    evidence: z.array(Evidence),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('CompatClaim');

export const VersionCompatResponse = z
  .object({ ecosystem: z.enum(['crates', 'npm']), name: z.string(), version: z.string(), claims: z.array(Claim) })
  .openapi('VersionCompat');
