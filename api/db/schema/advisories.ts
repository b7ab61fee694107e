import { date, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import type { Advisory } from '../../engine/formats/advisory.js';

/**
 * RustSec advisories, one row per advisory file. `packageKey` is the crate's name key (see
 * names.ts) without a foreign key: an advisory may name a crate Ferrite has not indexed, and it
 * applies as soon as that crate arrives. `date` and `withdrawn` are calendar days as the
 * database writes them, not instants, so they are `date`, not `timestamptz`. `sha256` of the file
 * makes re-runs write nothing for unchanged files.
 */
export const advisories = pgTable(
  'advisories',
  {
    id: text('id').primaryKey(),
    package: text('package').notNull(),
    packageKey: text('package_key').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    withdrawn: date('withdrawn', { mode: 'string' }),
    url: text('url'),
    references: text('references').array().notNull(),
    categories: text('categories').array().notNull(),
    keywords: text('keywords').array().notNull(),
    aliases: text('aliases').array().notNull(),
    related: text('related').array().notNull(),
    cvss: text('cvss'),
    informational: text('informational').$type<Advisory['informational']>(),
    license: text('license'),
    affected: jsonb('affected').$type<Advisory['affected']>().notNull(),
    patched: text('patched').array().notNull(),
    unaffected: text('unaffected').array().notNull(),
    title: text('title').notNull(),
    description: text('description').notNull(),
    /** Where it was read from, relative to the database root (`crates/h2/RUSTSEC-2024-0003.md`). */
    sourcePath: text('source_path').notNull(),
    sha256: text('sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('advisories_package_key').on(t.packageKey), index('advisories_aliases').using('gin', t.aliases), index('advisories_created_at').on(t.createdAt)],
);
