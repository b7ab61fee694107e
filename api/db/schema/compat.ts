import { bigint, bigserial, index, jsonb, pgEnum, pgTable, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { packages, versions } from './catalog.js';

/** Where a claim came from, weakest to strongest: inferred < declared < verified. */
export const evidenceSource = pgEnum('evidence_source', ['inferred', 'declared', 'verified']);

export type EvidenceEntry = { claim: string; source: string; detail: string };

/**
 * A compatibility claim about one version: `subject` is what the claim is about
 * (`profile:wasm`, `target:thumbv7em-none-eabihf`, `nostd`, `accel:cuda`, `msrv`), `status` its
 * value (yes / partial / no / unknown; for no_std always / optional / no / unknown; for msrv the version).
 * Claims from different sources sit side by side; a summary picks by strength.
 */
export const compatClaims = pgTable(
  'compat_claims',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    versionId: bigint('version_id', { mode: 'number' }).notNull().references(() => versions.id, { onDelete: 'cascade' }),
    subject: text('subject').notNull(),
    status: text('status').notNull(),
    sourceKind: evidenceSource('source_kind').notNull(),
    /** Which producer: `index`, `manifest`, `archive`, `user:<id>`, `report:<id>`. */
    source: text('source').notNull(),
    evidence: jsonb('evidence').$type<EvidenceEntry[]>().notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('compat_claims_identity').on(t.versionId, t.subject, t.sourceKind, t.source),
    index('compat_claims_subject_status').on(t.subject, t.status),
  ],
);

/** An npm package that wraps a Rust crate: napi-rs, wasm-bindgen, neon, WASI. */
export const bindings = pgTable(
  'bindings',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    npmPackageId: bigint('npm_package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    /** The wrapped crate's name as the evidence states it; `cratePackageId` is set once that crate is indexed. */
    crateName: text('crate_name'),
    cratePackageId: bigint('crate_package_id', { mode: 'number' }).references(() => packages.id, { onDelete: 'set null' }),
    kind: text('kind').notNull(),
    triples: text('triples').array().notNull(),
    sourceKind: evidenceSource('source_kind').notNull(),
    evidence: jsonb('evidence').$type<EvidenceEntry[]>().notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('bindings_npm_source').on(t.npmPackageId, t.sourceKind), index('bindings_crate').on(t.cratePackageId)],
);
