import type { IndexDep } from '../../engine/formats/index-record.js';
import type { NpmVersionFacts } from '../../engine/formats/npm-facts.js';
import { sql } from 'drizzle-orm';
import {
  bigint, bigserial, boolean, index, integer, json, jsonb, pgEnum, pgTable, smallint, text, timestamp, uniqueIndex,
} from 'drizzle-orm/pg-core';

export const ecosystem = pgEnum('ecosystem', ['crates', 'npm']);

/**
 * A package in one ecosystem. `nameKey` is the identity used for uniqueness: crates.io treats
 * `-` and `_` as the same and compares case-insensitively; npm names are already lower-case.
 */
export const packages = pgTable(
  'packages',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    ecosystem: ecosystem('ecosystem').notNull(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    description: text('description'),
    repository: text('repository'),
    homepage: text('homepage'),
    documentation: text('documentation'),
    license: text('license'),
    keywords: text('keywords').array().notNull().default(sql`'{}'::text[]`),
    categories: text('categories').array().notNull().default(sql`'{}'::text[]`),
    /** All-time downloads when a source reports them (crates.io dump, drive-rs); null = unknown. */
    downloads: bigint('downloads', { mode: 'number' }),
    recentDownloads: bigint('recent_downloads', { mode: 'number' }),
    /** Highest non-yanked stable version, else highest non-yanked pre-release (crates.io's default_version). */
    defaultVersion: text('default_version'),
    /** Highest version of all, yanked or not (crates.io's max_version). */
    maxVersion: text('max_version'),
    versionCount: integer('version_count').notNull().default(0),
    /** Digest of the inferred compatibility claims of every version: when it changes, dependents are re-analysed. */
    compatDigest: text('compat_digest'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('packages_ecosystem_name_key').on(t.ecosystem, t.nameKey),
    index('packages_updated_at').on(t.updatedAt),
  ],
);

/**
 * One published version. Crate versions keep every field of their index record so the exact
 * line can be served back (see api/versions/index-record.ts); npm versions keep the facts that
 * decide where a binding runs.
 */
export const versions = pgTable(
  'versions',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    num: text('num').notNull(),
    yanked: boolean('yanked').notNull().default(false),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    // crates.io index record fields. `json` (not jsonb) keeps key order, so a stored record
    // serialises back to the very line it came from.
    cksum: text('cksum'),
    deps: json('deps').$type<IndexDep[]>(),
    features: json('features').$type<Record<string, string[]>>(),
    features2: json('features2').$type<Record<string, string[]>>(),
    links: text('links'),
    rustVersion: text('rust_version'),
    indexV: smallint('index_v'),
    /** Fields of the index record that this schema does not know yet, kept verbatim. */
    indexExtra: json('index_extra').$type<Record<string, unknown>>(),
    /** Facts the crates.io database dump adds: who published it, its licence, its downloads. */
    publisher: text('publisher'),
    license: text('license'),
    downloads: bigint('downloads', { mode: 'number' }),
    /**
     * When crates.io says the version was published (the dump's versions.created_at). Kept apart
     * from published_at, which mirrors the index line's `pubtime` so the line serialises back as it was.
     */
    registryCreatedAt: timestamp('registry_created_at', { withTimezone: true }),
    // npm version facts
    npm: jsonb('npm').$type<NpmVersionFacts>(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('versions_package_num').on(t.packageId, t.num)],
);





/** The official crates.io category tree (slug like `science::ml`, parent derived from the slug). */
export const categories = pgTable('categories', {
  slug: text('slug').primaryKey(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  parentSlug: text('parent_slug'),
});

/**
 * Owners as the source registry lists them (crates.io `crate_owners`, npm maintainers). Ferrite
 * accounts link to these through their identities; this table records what the registry said.
 */
export const registryOwners = pgTable(
  'registry_owners',
  {
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    kind: text('kind').$type<'user' | 'team'>().notNull(),
    login: text('login').notNull(),
    name: text('name'),
    source: text('source').notNull(),
  },
  (t) => [uniqueIndex('registry_owners_identity').on(t.packageId, t.kind, t.login, t.source)],
);

/**
 * What a crate's Cargo.toml (and, from a `.crate` archive, its `src/lib.rs`) says, kept apart
 * from the index record: docs.rs targets, target-specific dependency tables, `#![no_std]`.
 * `versionNum` is null when the manifest is a repository's HEAD that matches no published version.
 */
export const manifestFacts = pgTable(
  'manifest_facts',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    versionNum: text('version_num'),
    /** `manifest` (a Cargo.toml file) or `archive` (a published .crate). */
    source: text('source').$type<'manifest' | 'archive'>().notNull(),
    origin: text('origin').notNull(),
    facts: jsonb('facts').$type<Record<string, unknown>>().notNull(),
    sha256: text('sha256').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('manifest_facts_identity').on(t.packageId, t.source, t.origin)],
);

export type { IndexDep, NpmVersionFacts };
