import { boolean, jsonb, pgTable, text } from 'drizzle-orm/pg-core';

/** Every rustc target triple with its support tier and `cfg` values as rustc prints them. */
export const targets = pgTable('targets', {
  triple: text('triple').primaryKey(),
  /** '1', '2', '3'; '1'/'2' may be "with host tools". */
  tier: text('tier'),
  hostTools: boolean('host_tools'),
  /** std support as the platform-support tables say: 'yes' | 'partial' | 'no' | 'unknown'. */
  std: text('std').notNull().default('unknown'),
  notes: text('notes'),
  /** cfg key → values; bare cfgs (`unix`, `windows`, `debug_assertions`) map to []. */
  cfg: jsonb('cfg').$type<Record<string, string[]>>().notNull(),
});
