import { z } from '@hono/zod-openapi';
import { CrateVersionParams } from '../packages/contracts.js';

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

const SummaryClaim = Claim.extend({
  disagree: z
    .array(z.object({ sourceKind: z.enum(['inferred', 'declared', 'verified']), source: z.string(), status: z.string() }))
    .openapi({ description: 'Weaker sources that answer otherwise: the sources disagree, and the strongest one is shown.' }),
  fromTargets: z.array(z.string()).optional().openapi({ description: "For a profile: the representative targets whose declared or verified answers decided it, over the profile's own weaker claims." }),
}).openapi('CompatSummaryClaim');

const Summary = z.array(SummaryClaim).openapi({ description: 'One answer per subject, from its strongest claim (verified > declared > inferred; archive > manifest > index).' });

const TargetEvidence = z.object({ source: z.string(), detail: z.string() });
export const TargetAnswer = z
  .object({
    triple: z.string(),
    tier: z.string().nullable().openapi({ description: "'1', '2', '3', or null when the platform-support page does not list the target." }),
    status: z.enum(['yes', 'partial', 'no', 'unknown']),
    basis: z.enum(['target', 'pinned', 'host-only', 'profile', 'nostd', 'os-deps', 'none']).openapi({
      description:
        '`target`: a claim naming this target; `pinned`: the crate runs only on one chip family (or ESP-IDF); `host-only`: a procedural macro; `profile`: the answer of the profile this target stands for; `nostd`: the no_std answer on a bare-metal or full-std target; `os-deps`: dependencies declared for this OS; `none`: unknown, the evidence says why.',
    }),
    profile: z.enum(['cloud', 'wasm', 'embedded', 'wasi', 'mobile']).nullable(),
    sourceKind: z.enum(['inferred', 'declared', 'verified']).nullable(),
    evidence: z.array(TargetEvidence),
  })
  .openapi('TargetAnswer');

export const CrateTargetsResponse = z
  .object({ name: z.string(), version: z.string(), counts: z.record(z.string(), z.number().int()), targets: z.array(TargetAnswer) })
  .openapi('CrateTargets');

export const CrateTargetParams = CrateVersionParams.extend({
  triple: z.string().regex(/^[A-Za-z0-9_.-]{1,80}$/, 'not a target triple').openapi({ param: { name: 'triple', in: 'path' }, example: 'thumbv7em-none-eabihf' }),
});
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
