import { bigint, bigserial, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { packages } from './catalog.js';
import type { ArchiveManifest, NoStdEvidence } from '../../archives/facts-types.js';

/**
 * A published `.crate` kept in Ferrite's content-addressed store (`<data dir>/archives/`): which
 * crate version it is, its sha256 (the store key, equal to the index `cksum`), and how it came.
 */
export const crateArchives = pgTable(
  'crate_archives',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    versionNum: text('version_num').notNull(),
    sha256: text('sha256').notNull(),
    size: integer('size').notNull(),
    /** `cargo-cache` (imported from $CARGO_HOME), `download` (index archives) or `mirror` (fetched on a cargo request). */
    origin: text('origin').$type<'cargo-cache' | 'download' | 'mirror'>().notNull(),
    /** Newest entry mtime inside the archive; null when cargo wrote its fixed reproducible-build time. */
    archiveMtime: timestamp('archive_mtime', { withTimezone: true }),
    storedAt: timestamp('stored_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('crate_archives_version').on(t.packageId, t.versionNum), index('crate_archives_sha256').on(t.sha256)],
);

/**
 * What a version's own archive says (its packaged Cargo.toml, README and lib.rs), kept apart from
 * the index record and from repository manifests: every row's source is the archive.
 */
export const crateArchiveFacts = pgTable(
  'crate_archive_facts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    versionNum: text('version_num').notNull(),
    sha256: text('sha256').notNull(),
    manifest: jsonb('manifest').$type<ArchiveManifest>().notNull(),
    /** The archive path of the README that was rendered, or null when there is none. */
    readmePath: text('readme_path'),
    /** Sanitized HTML rendered from the README, links resolved against the repository. */
    readmeHtml: text('readme_html'),
    noStd: jsonb('no_std').$type<NoStdEvidence>().notNull(),
    /** Problems met while reading (README too large, Cargo.toml not TOML…), for operators. */
    problems: jsonb('problems').$type<string[]>().notNull().default([]),
    extractedAt: timestamp('extracted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('crate_archive_facts_version').on(t.packageId, t.versionNum)],
);
