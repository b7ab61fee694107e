import { sql } from 'drizzle-orm';
import { outbox, packages } from '../db/schema/index.js';
import type { DbOrTx } from '../db/client.js';

/**
 * The outbox: work a change causes is queued in the same transaction as the change, so it is never
 * lost and never runs for a change that rolled back. The drains live in indexer/sync/ (search
 * documents, compatibility claims); every writer queues through this module.
 */
export const SEARCH_TOPIC = 'search.package';
export const COMPAT_TOPIC = 'compat.package';
export type OutboxTopic = typeof SEARCH_TOPIC | typeof COMPAT_TOPIC;

/** What a change to a package queues: its search document and its compatibility claims (which may in turn re-queue its dependents). */
export const PACKAGE_CHANGED_TOPICS = [SEARCH_TOPIC, COMPAT_TOPIC] as const;

/** Queues one topic for packages, inside the caller's transaction. */
export async function enqueue(tx: DbOrTx, topic: OutboxTopic, packageIds: readonly number[]) {
  if (packageIds.length) await tx.insert(outbox).values(packageIds.map((id) => ({ topic, key: String(id) })));
}

/** Queues one topic for every crate, in one statement (a change that touches what every crate's document says). */
export async function enqueueEveryCrate(tx: DbOrTx, topic: OutboxTopic) {
  await tx.execute(sql`insert into ${outbox} (topic, key) select ${topic}, id::text from ${packages} where ecosystem = 'crates'`);
}

/** Queues the side effects of a change to one package. */
export async function queuePackageChanged(tx: DbOrTx, packageId: number) {
  await tx.insert(outbox).values(PACKAGE_CHANGED_TOPICS.map((topic) => ({ topic, key: String(packageId) })));
}
