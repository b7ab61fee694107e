import { bigint, boolean, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { packages } from './catalog.js';

/**
 * "X is used by Y": one row per indexed crate pair where the newest non-yanked version of the
 * dependent (its default version) has a normal or build dependency on the crate, dev-only
 * dependencies left out. Derived from `versions.deps`; rebuilt whole by `refreshDependents`.
 */
export const dependencyEdges = pgTable(
  'dependency_edges',
  {
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    dependentId: bigint('dependent_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    /** The requirement of the first such dependency (a crate may list one per target or kind). */
    req: text('req').notNull(),
    /** `normal`, `build` or both. */
    kinds: text('kinds').array().notNull(),
    /** True when every such dependency is optional (behind a feature). */
    optional: boolean('optional').notNull(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.dependentId] }), index('dependency_edges_dependent').on(t.dependentId)],
);

/**
 * How many crates use each crate, directly and through the whole closure: the popularity signal
 * where download counts are unknown. One row per crate once computed; no row means not computed yet.
 */
export const dependentCounts = pgTable(
  'dependent_counts',
  {
    packageId: bigint('package_id', { mode: 'number' }).primaryKey().references(() => packages.id, { onDelete: 'cascade' }),
    direct: integer('direct').notNull(),
    transitive: integer('transitive').notNull(),
    computedAt: timestamp('computed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('dependent_counts_direct').on(t.direct.desc(), t.packageId)],
);
