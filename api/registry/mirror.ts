import type { DbOrTx } from '../db/client.js';
import { archiveTarget, recordArchive, storedArchive } from '../archives/service.js';
import { ArchiveRefused, type ArchiveStore } from '../archives/store.js';
import { downloadUrl, fetchArchive, readDlTemplate } from '../archives/upstream.js';
import type { Logger } from '../lib/logger.js';
import { AppError } from '../lib/problems.js';

/** Mirror mode: the archive store cargo downloads from, and the upstream index missing archives come from (null: none). */
export type ArchiveMirrorDeps = { store: ArchiveStore; upstreamIndex: string | null; fetch?: typeof fetch };

/**
 * Serves `.crate` files for cargo's `dl`: from the store, or, with an upstream configured, fetched
 * from it on first request, verified against the index cksum and stored. Concurrent requests for
 * one missing archive share one download.
 */
export class ArchiveMirror {
  private template: Promise<string> | null = null;
  private readonly inFlight = new Map<string, Promise<void>>();

  constructor(private readonly deps: ArchiveMirrorDeps, private readonly logger: Logger) {}

  /** The stored archive's sha256 and size, fetching it first when it is missing; 404 when the version is not indexed. */
  async archive(db: DbOrTx, name: string, version: string): Promise<{ sha256: string; size: number }> {
    const t = await archiveTarget(db, name, version);
    if (!t) throw new AppError('versionNotFound', { detail: `'${name}' ${version} is not in this registry's index.` });
    const stored = await storedArchive(db, t.packageId, t.num);
    if (stored && this.deps.store.has(stored.sha256)) return stored;
    if (!this.deps.upstreamIndex) throw new AppError('notFound', { detail: `The archive of '${t.name}' ${t.num} is not stored here, and no upstream registry is configured.` });
    let pending = this.inFlight.get(t.cksum);
    if (!pending) {
      pending = this.fetchAndRecord(db, t).finally(() => this.inFlight.delete(t.cksum));
      this.inFlight.set(t.cksum, pending);
    }
    await pending;
    return { sha256: t.cksum, size: this.deps.store.size(t.cksum) };
  }

  private async fetchAndRecord(db: DbOrTx, t: NonNullable<Awaited<ReturnType<typeof archiveTarget>>>) {
    const upstream = this.deps.upstreamIndex!;
    try {
      this.template ??= readDlTemplate(upstream, this.deps.fetch).catch((err) => {
        this.template = null; // ask again on the next request
        throw err;
      });
      const url = downloadUrl(await this.template, t.name, t.num, t.cksum);
      const { size } = this.deps.store.has(t.cksum) ? { size: this.deps.store.size(t.cksum) } : await fetchArchive(this.deps.store, url, t.cksum, { fetch: this.deps.fetch, attempts: 3, backoffMs: 250, timeoutMs: 60_000 });
      const rec = await recordArchive(db, this.deps.store, t, { size, origin: 'mirror' });
      if (rec.problems.length) this.logger.warn({ crate: t.name, version: t.num, problems: rec.problems }, 'mirrored archive read with problems');
    } catch (err) {
      this.logger.warn({ crate: t.name, version: t.num, err: (err as Error).message }, 'upstream archive fetch failed');
      if (err instanceof ArchiveRefused) throw new AppError('archiveUnavailable', { detail: `The upstream archive of '${t.name}' ${t.num} does not match the index checksum; it was refused.` });
      throw new AppError('archiveUnavailable', { detail: `The archive of '${t.name}' ${t.num} could not be fetched from the upstream registry.`, headers: { 'retry-after': '60' } });
    }
  }
}
