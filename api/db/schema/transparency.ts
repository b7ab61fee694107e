import { bigint, index, integer, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { governanceLog } from './governance.js';

/**
 * The transparency log: every governance log entry is also a leaf of one append-only RFC 9162
 * Merkle tree, whose signed checkpoints let anyone prove later that the log only grew.
 * Leaf `idx` is its 0-based position; `data` is the exact bytes (UTF-8) the leaf hash covers.
 */
export const transparencyLeaves = pgTable(
  'transparency_log_leaves',
  {
    idx: bigint('idx', { mode: 'number' }).primaryKey(),
    leafHash: text('leaf_hash').notNull(),
    data: text('data').notNull(),
    /** The governance log entry this leaf records (every leaf is one today; other logs may follow). */
    governanceLogId: bigint('governance_log_id', { mode: 'number' }).references(() => governanceLog.id),
    /** That entry's chain hash: the receipt a voter holds. */
    entryHash: text('entry_hash'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('transparency_log_leaves_governance').on(t.governanceLogId),
    index('transparency_log_leaves_entry_hash').on(t.entryHash),
    index('transparency_log_leaves_leaf_hash').on(t.leafHash),
  ],
);

/**
 * Hashes of the tree's complete subtrees above the leaves: node (level, idx) covers leaves
 * [idx·2^level, (idx+1)·2^level). Written once, when the leaf that completes it is appended; any
 * root or proof needs O(log n) of them.
 */
export const transparencyNodes = pgTable(
  'transparency_log_nodes',
  {
    level: smallint('level').notNull(),
    idx: bigint('idx', { mode: 'number' }).notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [primaryKey({ columns: [t.level, t.idx] })],
);

/**
 * The Ed25519 key the hub signs checkpoints with when none is configured (FERRITE_LOG_KEY):
 * generated on first use. One row (id 1); a configured key is never stored.
 */
export const transparencyKeys = pgTable('transparency_log_keys', {
  id: integer('id').primaryKey(),
  /** PKCS#8 PEM. */
  privateKey: text('private_key').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
