import { z } from '@hono/zod-openapi';

export const Evidence = z.object({ claim: z.string(), source: z.string(), detail: z.string() }).openapi('Evidence');

export const Claim = z
  .object({
    subject: z.string().openapi({ description: '`profile:<cloud|wasm|embedded|wasi|mobile>`, `target:<triple>`, `nostd`, `accel:<name>`, `native:<lib>`, `msrv`; npm: `rust`, `binding`, `crate`.' }),
    status: z.string().openapi({ description: 'yes / partial / no (no_std: always / optional / no; msrv: a Rust version). Subjects with no evidence are absent: absent means unknown.' }),
    sourceKind: z.enum(['inferred', 'declared', 'verified']),
    source: z.string().openapi({ description: 'The producer: `index`, `manifest`, `archive`, `packument`, a maintainer or a CI report.' }),
    evidence: z.array(Evidence),
    createdAt: z.string().openapi({ format: 'date-time' }),
  })
  .openapi('CompatClaim');

const Summary = z.array(Claim).openapi({ description: 'One answer per subject, from its strongest claim (verified > declared > inferred; archive > manifest > index).' });

export const VersionCompatResponse = z
  .object({
    ecosystem: z.literal('crates'),
    name: z.string(),
    version: z.string(),
    summary: Summary,
    claims: z.array(Claim),
    bindings: z.array(z.object({ npm: z.string(), kind: z.string(), triples: z.array(z.string()) })).openapi({ description: 'npm packages that wrap this crate.' }),
  })
  .openapi('VersionCompat');

export const NpmCompatResponse = z
  .object({
    ecosystem: z.literal('npm'),
    name: z.string(),
    version: z.string(),
    summary: Summary,
    claims: z.array(Claim),
    binding: z
      .object({ kind: z.string(), triples: z.array(z.string()), crate: z.string().nullable(), evidence: z.array(Evidence) })
      .nullable()
      .openapi({ description: 'The Rust binding this package is, or null when the metadata shows none.' }),
  })
  .openapi('NpmCompat');
