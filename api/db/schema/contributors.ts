import { bigint, bigserial, boolean, index, jsonb, pgTable, real, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { packages, versions } from './catalog.js';

/** A person: one human behind several identities. `mergedInto` is set while merged into another person. */
export const people = pgTable('people', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  displayName: text('display_name').notNull(),
  /** The person asked to be left off public pages and the API. */
  hidden: boolean('hidden').notNull().default(false),
  mergedInto: bigint('merged_into', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

/**
 * One identity of a person: a GitHub login (crates.io users are GitHub accounts), an npm user, a
 * package.json author name, a Ferrite account. Contributions hang on identities, so merging and
 * unmerging people moves identities and never rewrites contributions.
 */
export const personIdentities = pgTable(
  'person_identities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personId: bigint('person_id', { mode: 'number' }).notNull().references(() => people.id),
    kind: text('kind').$type<'github' | 'npm' | 'name' | 'ferrite'>().notNull(),
    /** Lower-case key. */
    value: text('value').notNull(),
    display: text('display').notNull(),
  },
  (t) => [uniqueIndex('person_identities_kind_value').on(t.kind, t.value), index('person_identities_person').on(t.personId)],
);

export const affiliations = pgTable('affiliations', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  personId: bigint('person_id', { mode: 'number' }).notNull().references(() => people.id),
  org: text('org').notNull(),
  since: timestamp('since', { withTimezone: true }),
  until: timestamp('until', { withTimezone: true }),
});

/** A contribution, typed after all-contributors; `sourceKey` makes every import idempotent. */
export const contributions = pgTable(
  'contributions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    identityId: bigint('identity_id', { mode: 'number' }).notNull().references(() => personIdentities.id),
    packageId: bigint('package_id', { mode: 'number' }).references(() => packages.id, { onDelete: 'cascade' }),
    versionId: bigint('version_id', { mode: 'number' }).references(() => versions.id, { onDelete: 'cascade' }),
    type: text('type').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    weight: real('weight').notNull().default(1),
    source: text('source').notNull(),
    sourceKey: text('source_key').notNull(),
  },
  (t) => [uniqueIndex('contributions_source_key').on(t.sourceKey), index('contributions_package').on(t.packageId, t.at), index('contributions_identity').on(t.identityId)],
);

/** Suggested merges a person involved or an admin accepts or rejects. */
export const mergeSuggestions = pgTable(
  'merge_suggestions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    personA: bigint('person_a', { mode: 'number' }).notNull().references(() => people.id),
    personB: bigint('person_b', { mode: 'number' }).notNull().references(() => people.id),
    reason: text('reason').notNull(),
    status: text('status').$type<'pending' | 'accepted' | 'rejected'>().notNull().default('pending'),
    decidedBy: bigint('decided_by', { mode: 'number' }).references(() => users.id),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
  },
  (t) => [uniqueIndex('merge_suggestions_pair').on(t.personA, t.personB)],
);

/** Every merge and unmerge, with the identities it moved, so each can be undone exactly. */
export const personEdits = pgTable('person_edits', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  action: text('action').$type<'merge' | 'unmerge' | 'hide' | 'show' | 'affiliate' | 'unaffiliate'>().notNull(),
  personId: bigint('person_id', { mode: 'number' }).notNull().references(() => people.id),
  otherId: bigint('other_id', { mode: 'number' }).references(() => people.id),
  identityIds: jsonb('identity_ids').$type<number[]>().notNull().default([]),
  actor: text('actor').notNull(),
  undoneBy: bigint('undone_by', { mode: 'number' }),
  /** What an edit changed beyond identities (an affiliation's organisation and dates). */
  detail: jsonb('detail').$type<Record<string, unknown>>(),
  at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
});
