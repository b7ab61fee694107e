import { bigserial, jsonb, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * What the indexer last stored from each source file: its content hash and, for HTTP sources,
 * its ETag. Written in the same transaction as the rows, so it doubles as the resume checkpoint:
 * after a crash, files whose hash is recorded are done and are skipped.
 */
export const indexedFiles = pgTable(
  'indexed_files',
  {
    /** `crates-index`, `npm`, `manifest`, `dump`. */
    source: text('source').notNull(),
    /** The identity inside the source: a crate's name key, an npm package name, a dump table. */
    key: text('key').notNull(),
    sha256: text('sha256').notNull(),
    etag: text('etag'),
    /** Where it was read from last (path, URL), for people reading the table. */
    origin: text('origin'),
    indexedAt: timestamp('indexed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.source, t.key] })],
);

export type RunProblem = { file: string; line?: number; reason: string };

/** One `ferrite index …` run with its outcome, for operators and the summary line. */
export const indexRuns = pgTable('index_runs', {
  id: bigserial('id', { mode: 'number' }).primaryKey(),
  command: text('command').notNull(),
  inputs: text('inputs').array().notNull(),
  status: text('status').notNull().default('running'),
  stats: jsonb('stats').$type<Record<string, number>>().notNull().default({}),
  /** The first problems met (file, line, reason); `stats.problems` counts them all. */
  problems: jsonb('problems').$type<RunProblem[]>().notNull().default([]),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});
