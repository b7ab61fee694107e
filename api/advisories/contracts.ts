import { z } from '@hono/zod-openapi';

export const AdvisoryIdParam = z.object({
  id: z
    .string()
    .regex(/^[A-Za-z][A-Za-z0-9]*-[A-Za-z0-9-]{1,60}$/, 'not an advisory id or alias (RUSTSEC-YYYY-NNNN, CVE-…, GHSA-…)')
    .openapi({ param: { name: 'id', in: 'path' }, example: 'RUSTSEC-2024-0003', description: 'A RUSTSEC id or one of its aliases (CVE, GHSA).' }),
});

const Kind = z.enum(['vulnerability', 'unmaintained', 'unsound', 'notice']);
const Severity = z
  .object({ version: z.string(), score: z.number(), rating: z.enum(['none', 'low', 'medium', 'high', 'critical']) })
  .nullable()
  .openapi({ description: 'The CVSS base score and its qualitative rating, when the advisory has a vector.' });
const OsvEvent = z.union([z.object({ introduced: z.string() }), z.object({ fixed: z.string() })]);

export const AdvisoryBrief = z
  .object({
    id: z.string(),
    package: z.string(),
    kind: Kind,
    title: z.string(),
    date: z.string().openapi({ format: 'date' }),
    withdrawn: z.string().nullable().openapi({ format: 'date', description: 'A withdrawn advisory affects no version.' }),
    url: z.string().nullable(),
    aliases: z.array(z.string()),
    severity: Severity,
    patched: z.array(z.string()).openapi({ description: 'Cargo version requirements of the fixed versions.' }),
    unaffected: z.array(z.string()).openapi({ description: 'Cargo version requirements of versions never affected.' }),
  })
  .openapi('AdvisoryBrief');

export const AdvisoryResponse = AdvisoryBrief.extend({
  description: z.string().openapi({ description: 'Markdown, as the advisory wrote it.' }),
  references: z.array(z.string()),
  categories: z.array(z.string()),
  keywords: z.array(z.string()),
  related: z.array(z.string()),
  cvss: z.string().nullable(),
  informational: z.enum(['unmaintained', 'unsound', 'notice']).nullable(),
  affected: z.object({ arch: z.array(z.string()), os: z.array(z.string()), functions: z.record(z.string(), z.array(z.string())) }),
  affectedRanges: z.array(OsvEvent).openapi({ description: 'The affected versions as OSV SEMVER events (introduced inclusive, fixed exclusive).' }),
  sourcePath: z.string(),
  citedBy: z
    .array(z.object({ id: z.number().int(), title: z.string(), status: z.string(), kind: z.string(), council: z.string(), councilSlug: z.string() }))
    .openapi({ description: 'Council proposals citing this advisory, newest first; drafts only for their author, the council\'s members and admins.' }),
}).openapi('Advisory');

export const OsvResponse = z
  .object({
    schema_version: z.string(),
    id: z.string(),
    modified: z.string(),
    published: z.string(),
    withdrawn: z.string().optional(),
    aliases: z.array(z.string()),
    related: z.array(z.string()),
    summary: z.string(),
    details: z.string(),
    severity: z.array(z.object({ type: z.string(), score: z.string() })).optional(),
    affected: z.array(
      z.object({
        package: z.object({ ecosystem: z.string(), name: z.string(), purl: z.string() }),
        ranges: z.array(z.object({ type: z.string(), events: z.array(OsvEvent) })),
        ecosystem_specific: z.object({
          affects: z.object({ arch: z.array(z.string()), os: z.array(z.string()), functions: z.array(z.string()) }),
          informational: z.string().optional(),
        }),
      }),
    ),
    references: z.array(z.object({ type: z.string(), url: z.string() })),
    database_specific: z.object({
      license: z.string(),
      kind: Kind,
      categories: z.array(z.string()),
      keywords: z.array(z.string()),
      cvss: z.string().nullable(),
      informational: z.string().nullable(),
      source: z.string(),
    }),
  })
  .openapi('OsvAdvisory', { description: 'OSV schema 1.6.' });

export const VersionAdvisoriesResponse = z
  .object({
    name: z.string(),
    version: z.string(),
    direct: z.array(AdvisoryBrief).openapi({ description: 'Advisories that affect this version itself.' }),
    throughDependencies: z.array(
      z.object({
        advisory: AdvisoryBrief,
        path: z.array(z.string()).openapi({ description: '`name version` from this crate to the affected one.', example: ['app 1.0.0', 'hyper 0.14.28', 'h2 0.3.26'] }),
        requirement: z.string().openapi({ description: 'The requirement on the last step of the path.' }),
        semverCompatibleFix: z.boolean().openapi({ description: 'A newer version that requirement allows is not affected.' }),
        fixVersion: z.string().nullable().openapi({ description: 'The lowest such version: an indexed one, else the patched release the advisory names.' }),
      }),
    ),
    dependenciesWalked: z.number().int().openapi({ description: 'How many dependency versions the default build reaches (indexed crates only).' }),
  })
  .openapi('VersionAdvisories');
