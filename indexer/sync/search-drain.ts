import { sql } from 'drizzle-orm';
import type { Database } from '../../api/db/client.js';
import { loadSearchDocuments } from '../../api/search/documents.js';
import type { SearchDocument, SearchEngine } from '../../api/search/engine.js';
import { SEARCH_TOPIC } from '../../api/outbox/topics.js';

const MAX_BACKOFF_SECONDS = 300;

export type DrainResult = { claimed: number; indexed: number; deleted: number; failed: number; error?: string };

/** How long a claimed batch is reserved; a drain that dies mid-batch loses its claim after this. */
const LEASE_SECONDS = 120;

/**
 * Moves one batch of `search.package` outbox rows into the engine. A batch is claimed in a short
 * transaction (FOR UPDATE SKIP LOCKED, then leased by pushing `available_at` forward), so several
 * drains (in-process, `ferrite worker`) share the work and no transaction stays open while the
 * engine works. Rows are marked processed only after the engine accepted the batch; when it
 * fails they stay, with a growing delay (1 s, 2 s, 4 s … 5 min) before the next try.
 */
export async function drainSearchOnce(database: Database, engine: SearchEngine, batch = 500): Promise<DrainResult> {
  const rows = await database.rows<{ id: string; key: string }>(sql`
    update outbox set available_at = now() + make_interval(secs => ${LEASE_SECONDS})
    where id in (
      select id from outbox
      where topic = ${SEARCH_TOPIC} and processed_at is null and available_at <= now()
      order by id limit ${batch}
      for update skip locked)
    returning id::text, key`);
  if (!rows.length) return { claimed: 0, indexed: 0, deleted: 0, failed: 0 };
  const ids = [...new Set(rows.map((r) => Number(r.key)))];
  const rowIds = JSON.stringify(rows.map((r) => r.id));
  try {
    const { docs, gone } = await loadSearchDocuments(database, ids);
    await engine.index(docs);
    await engine.delete(gone);
    await database.rows(sql`update outbox set processed_at = now() where id in (select value::bigint from json_array_elements_text(${rowIds}::json))`);
    return { claimed: rows.length, indexed: docs.length, deleted: gone.length, failed: 0 };
  } catch (err) {
    // Drizzle wraps the driver's error with the whole statement; the cause says what went wrong.
    const cause = (err as { cause?: unknown })?.cause;
    const message = cause instanceof Error ? cause.message : err instanceof Error ? err.message : String(err);
    await database.rows(sql`
      update outbox set attempts = attempts + 1, last_error = ${message.slice(0, 500)},
        available_at = now() + make_interval(secs => least(${MAX_BACKOFF_SECONDS}, power(2, attempts)))
      where id in (select value::bigint from json_array_elements_text(${rowIds}::json))`);
    return { claimed: rows.length, indexed: 0, deleted: 0, failed: rows.length, error: message };
  }
}

/** Drains until nothing is due; stops at the first failing batch (its rows wait for their retry time). */
export async function drainSearch(database: Database, engine: SearchEngine, batch = 500): Promise<DrainResult> {
  const total: DrainResult = { claimed: 0, indexed: 0, deleted: 0, failed: 0 };
  for (;;) {
    const r = await drainSearchOnce(database, engine, batch);
    total.claimed += r.claimed;
    total.indexed += r.indexed;
    total.deleted += r.deleted;
    total.failed += r.failed;
    if (r.error) return { ...total, error: r.error };
    if (r.claimed === 0) return total;
  }
}

/**
 * `ferrite reindex`: every document rebuilt from the catalog and swapped in at once. Outbox rows
 * written meanwhile stay pending and are applied by the next drain.
 */
export async function reindexAll(database: Database, engine: SearchEngine, batch = 1000): Promise<number> {
  await engine.applySettings();
  const ids = (await database.rows<{ id: number }>(sql`select id::int as id from packages order by id`)).map((r) => r.id);
  async function* batches(): AsyncIterable<SearchDocument[]> {
    for (let i = 0; i < ids.length; i += batch) yield (await loadSearchDocuments(database, ids.slice(i, i + batch))).docs;
  }
  return engine.rebuild(batches());
}

/** The in-process drain `serve` runs: every `intervalMs`, never two at once, errors logged not thrown. */
export function startSearchDrain(database: Database, engine: SearchEngine, opts: { intervalMs?: number; onError?: (err: unknown) => void } = {}) {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      const r = await drainSearch(database, engine);
      if (r.error) opts.onError?.(new Error(`search engine ${engine.name}: ${r.error}`));
    } catch (err) {
      opts.onError?.(err);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(tick, opts.intervalMs ?? 1000);
  timer.unref();
  return { stop: () => clearInterval(timer), tick };
}
