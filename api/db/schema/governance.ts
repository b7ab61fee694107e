import { boolean, bigint, bigserial, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { users } from './accounts.js';
import { packages } from './catalog.js';

/** A council (e.g. Embedded, AI/ML): a charter and appointed members with roles and terms. */
export const councils = pgTable(
  'councils',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    slug: text('slug').notNull(),
    name: text('name').notNull(),
    charter: text('charter').notNull().default(''),
    /** Beyond appointed members: people with enough weighted contributions (in a category) lately also vote. */
    eligibility: jsonb('eligibility').$type<{ minWeight: number; days: number; category?: string } | null>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('councils_slug').on(t.slug)],
);

export const councilMembers = pgTable(
  'council_members',
  {
    councilId: bigint('council_id', { mode: 'number' }).notNull().references(() => councils.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role').$type<'chair' | 'member'>().notNull().default('member'),
    termStart: timestamp('term_start', { withTimezone: true }).notNull(),
    termEnd: timestamp('term_end', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.councilId, t.userId] })],
);

/**
 * A proposal. `rules` (method, quorum, durations, secrecy…) and the electorate are frozen when it
 * opens; `action` is what passing does to the registry, applied in the same transaction as the close.
 */
export const proposals = pgTable(
  'proposals',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    councilId: bigint('council_id', { mode: 'number' }).notNull().references(() => councils.id, { onDelete: 'cascade' }),
    authorId: bigint('author_id', { mode: 'number' }).notNull().references(() => users.id),
    kind: text('kind').$type<'recommend' | 'deprecate' | 'transfer' | 'curate' | 'policy'>().notNull(),
    title: text('title').notNull(),
    body: text('body').notNull().default(''),
    action: jsonb('action').$type<Record<string, unknown>>().notNull().default({}),
    options: text('options').array().notNull(),
    rules: jsonb('rules').$type<Record<string, unknown>>().notNull(),
    status: text('status').$type<'draft' | 'open' | 'passed' | 'rejected' | 'no_quorum' | 'withdrawn'>().notNull().default('draft'),
    openedAt: timestamp('opened_at', { withTimezone: true }),
    minCloseAt: timestamp('min_close_at', { withTimezone: true }),
    closesAt: timestamp('closes_at', { withTimezone: true }),
    /** Consent/FCP: when the final comment period ends, once started. */
    fcpEndsAt: timestamp('fcp_ends_at', { withTimezone: true }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    result: jsonb('result').$type<Record<string, unknown>>(),
    /** RustSec advisories the proposal cites (canonical RUSTSEC ids, as resolved when it was drafted). */
    citedAdvisories: text('cited_advisories').array().notNull().default([]),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('proposals_council').on(t.councilId, t.id), index('proposals_due').on(t.status, t.closesAt)],
);

/** Who may vote, snapshotted when the proposal opens; a recused member leaves the quorum base. */
export const proposalElectorate = pgTable(
  'proposal_electorate',
  {
    proposalId: bigint('proposal_id', { mode: 'number' }).notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
    recused: boolean('recused').notNull().default(false),
    recusalReason: text('recusal_reason'),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.userId] })],
);

/** One ballot per member per proposal (the unique index makes double votes impossible); changes are logged. */
export const ballots = pgTable(
  'ballots',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    proposalId: bigint('proposal_id', { mode: 'number' }).notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
    choice: jsonb('choice').$type<Record<string, unknown>>().notNull(),
    reason: text('reason'),
    /** Secret ballots: the salt that opens the commitment published in the log. */
    salt: text('salt').notNull(),
    version: integer('version').notNull().default(1),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('ballots_one_per_member').on(t.proposalId, t.userId)],
);

/** Consent/FCP concerns: an open concern blocks until its author resolves it. */
export const concerns = pgTable('concerns', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  proposalId: bigint('proposal_id', { mode: 'number' }).notNull().references(() => proposals.id, { onDelete: 'cascade' }),
  userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
  text: text('text').notNull(),
  raisedAt: timestamp('raised_at', { withTimezone: true }).notNull(),
  resolvedAt: timestamp('resolved_at', { withTimezone: true }),
});

/**
 * The public, hash-chained record of every governance event of a proposal: each entry's hash
 * covers its content and the previous entry's hash, so changing any entry breaks every later one.
 */
export const governanceLog = pgTable(
  'governance_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    proposalId: bigint('proposal_id', { mode: 'number' }).notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    seq: integer('seq').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
    event: jsonb('event').$type<Record<string, unknown>>().notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [uniqueIndex('governance_log_seq').on(t.proposalId, t.seq), uniqueIndex('governance_log_hash').on(t.hash)],
);

/** What passed proposals decided about packages: shown on package pages and in search. */
export const councilDecisions = pgTable(
  'council_decisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    councilId: bigint('council_id', { mode: 'number' }).notNull().references(() => councils.id, { onDelete: 'cascade' }),
    proposalId: bigint('proposal_id', { mode: 'number' }).notNull().references(() => proposals.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'recommended' | 'deprecated' | 'transferred'>().notNull(),
    /** For recommendations: the category or target the recommendation is for. */
    scope: text('scope'),
    note: text('note'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('council_decisions_package').on(t.packageId)],
);
