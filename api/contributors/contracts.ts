import { z } from '@hono/zod-openapi';
import { Ballot } from '../governance/contracts.js';
import { MAINTENANCE_STATUSES } from '../metadata/manifest.js';
import { CONTRIBUTION_TYPES } from './service.js';

/** The shapes of the contributor answers and inputs; the OpenAPI document is built from them. */

/** A person, a merge suggestion or a merge (edit), by id. */
export const IdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
export const AffiliationParams = IdParam.extend({ affiliation: z.coerce.number().int().positive().openapi({ param: { name: 'affiliation', in: 'path' } }) });
export const PackageParams = z.object({
  ecosystem: z.enum(['crates', 'npm']).openapi({ param: { name: 'ecosystem', in: 'path' } }),
  name: z.string().min(1).max(214).openapi({ param: { name: 'name', in: 'path' } }),
});
export const ReleaseParams = z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }), version: z.string().openapi({ param: { name: 'version', in: 'path' } }) });

export const LeaderboardQuery = z.object({
  days: z.coerce.number().int().min(1).max(3650).default(365).openapi({ description: 'The period, in days back from now.' }),
  type: z.enum(CONTRIBUTION_TYPES).optional(),
  category: z.string().regex(/^[a-z0-9-]+(::[a-z0-9-]+)*$/).optional(),
  profile: z.enum(['cloud', 'wasm', 'embedded', 'wasi', 'mobile']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const Time = z.string().openapi({ format: 'date-time', description: 'RFC 3339, UTC.' });
const Day = z.string().openapi({ format: 'date', example: '2024-03-01' });
/** A type after all-contributors; the imports and Ferrite's own activity record these. */
const ContributionType = z.string().openapi({ enum: [...CONTRIBUTION_TYPES], example: 'maintenance' });
const PersonRef = z.object({ id: z.number().int(), name: z.string() });

export const Affiliation = z
  .object({
    id: z.number().int(),
    org: z.string(),
    since: Day.nullable().openapi({ description: 'First day (UTC); null when open-ended.' }),
    until: Day.nullable().openapi({ description: 'Day after the last (UTC); null while still affiliated.' }),
  })
  .openapi('Affiliation');

export const PersonView = z
  .object({
    person: PersonRef,
    identities: z.array(z.object({ kind: z.enum(['github', 'npm', 'name', 'ferrite']), display: z.string() })).openapi({ description: 'Logins and names; no e-mail address is ever stored.' }),
    affiliations: z.array(Affiliation),
    packages: z.array(z.object({ ecosystem: z.enum(['crates', 'npm']), name: z.string(), n: z.number().int().openapi({ description: 'Contributions recorded.' }), types: z.array(ContributionType) })).openapi({ description: 'Most contributions first (at most 100).' }),
    timeline: z.array(z.object({ year: z.number().int(), type: ContributionType, weight: z.number() })).openapi({ description: 'Weighted contributions by year and type.' }),
    councils: z.array(z.object({ slug: z.string(), name: z.string(), role: z.string().openapi({ enum: ['chair', 'member'] }) })),
    votes: z.array(z.object({ proposal: z.number().int(), title: z.string(), choice: Ballot })).openapi({ description: 'Ballots on public votes, newest proposal first (at most 50); secret ballots are never listed.' }),
    merges: z.array(z.object({ id: z.number().int(), absorbed: z.number().int().nullable(), at: Time })).openapi({ description: 'Merges into this person that can still be undone (POST /api/v1/people/merges/{id}/undo).' }),
    suggestions: z.array(z.object({ id: z.number().int(), other: z.number().int(), otherName: z.string(), reason: z.string() })).openapi({ description: 'Pending merge suggestions involving this person.' }),
  })
  .openapi('Person');

export const PackageHealth = z
  .object({
    activeMaintainers90: z.number().int(),
    activeMaintainers365: z.number().int(),
    absenceFactor: z.number().int().nullable().openapi({ description: 'Fewest people making up half of the last year\'s weighted contributions (all time when the year is empty); null with none recorded.' }),
    elephantFactor: z.number().int().nullable().openapi({ description: 'The same over organisations, when affiliations cover at least half of the weight.' }),
    releaseCadenceDays: z.number().int().nullable(),
    lastReleaseDays: z.number().int().nullable(),
    lookingForMaintainers: z.boolean(),
    formulas: z.record(z.string(), z.string()).openapi({ description: 'How each figure is computed, by figure.' }),
  })
  .openapi('PackageHealth', { description: 'After CHAOSS. An old last release is not by itself a sign of abandonment.' });

export const MaintenanceSignals = z
  .object({
    declared: z
      .enum(MAINTENANCE_STATUSES)
      .nullable()
      .openapi({ description: 'The maintenance status in the package\'s newest published metadata; null when its owners declared none.' }),
    version: z.string().nullable().openapi({ description: 'The current version RustSec\'s notices were checked against; null for npm packages.' }),
    unmaintained: z
      .array(z.object({ id: z.string().openapi({ example: 'RUSTSEC-2023-0089' }), date: Day, title: z.string() }))
      .openapi({ description: 'Non-withdrawn RustSec `unmaintained` advisories affecting that version.' }),
    disagree: z.boolean().openapi({ description: 'The owners declare `active` or `passively-maintained` while RustSec lists the version as unmaintained.' }),
  })
  .openapi('MaintenanceSignals', { description: 'What the maintainers say about upkeep beside what RustSec says.' });

export const PackageContributors = z
  .object({
    people: z.array(PersonRef.extend({ types: z.array(ContributionType), weight: z.number(), last: Time.openapi({ description: 'The latest contribution.' }) })).openapi({ description: 'Public people, by weight.' }),
    health: PackageHealth,
    maintenance: MaintenanceSignals,
  })
  .openapi('PackageContributors');

export const Leaderboard = z
  .object({ items: z.array(PersonRef.extend({ weight: z.number(), packages: z.number().int() })) })
  .openapi('Leaderboard');

export const ReleaseThanks = z
  .object({ crate: z.string(), version: z.string(), people: z.array(PersonRef.extend({ types: z.array(ContributionType) })) })
  .openapi('ReleaseThanks');

export const MergeDecision = z
  .object({ merged: z.boolean(), edit: z.number().int().optional().openapi({ description: 'When merged: the edit to undo it with.' }) })
  .openapi('MergeDecision');
export const Unmerged = z.object({ unmerged: z.boolean(), edit: z.number().int().openapi({ description: 'The edit recording the undo.' }) }).openapi('Unmerged');
export const Visibility = z.object({ hidden: z.boolean() }).openapi('ProfileVisibility');
