import { bigint, bigserial, index, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { apiTokens, users } from './accounts.js';
import { packages, versions } from './catalog.js';

/** Every metadata manifest an owner published, never overwritten: who, when, with which token, in which format. */
export const metadataRevisions = pgTable(
  'metadata_revisions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
    tokenId: bigint('token_id', { mode: 'number' }).references(() => apiTokens.id),
    format: text('format').$type<'json' | 'toml' | 'form'>().notNull(),
    manifest: jsonb('manifest').$type<Record<string, unknown>>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('metadata_revisions_package').on(t.packageId, t.id)],
);

/** A CI job's report: this version built (or not) for this target with this toolchain and features. The *verified* evidence. */
export const compatReports = pgTable(
  'compat_reports',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    versionId: bigint('version_id', { mode: 'number' }).notNull().references(() => versions.id, { onDelete: 'cascade' }),
    target: text('target').notNull(),
    toolchain: text('toolchain').notNull(),
    features: text('features').array().notNull(),
    result: text('result').$type<'pass' | 'fail'>().notNull(),
    logUrl: text('log_url'),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id),
    tokenId: bigint('token_id', { mode: 'number' }).references(() => apiTokens.id),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('compat_reports_version_target').on(t.versionId, t.target, t.id)],
);
