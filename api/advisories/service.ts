import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { advisories, packages } from '../db/schema/index.js';
import { SEARCH_TOPIC, enqueue, enqueueEveryCrate } from '../outbox/topics.js';
import type { Advisory } from '../engine/formats/advisory.js';
import { osvEvents } from '../engine/advisories/affected.js';
import { nameKey } from '../engine/formats/names.js';
import { AppError } from '../lib/problems.js';
import { severityOf } from './severity.js';
import { kindOf } from './status.js';

export type AdvisoryRow = typeof advisories.$inferSelect;
export type StoreResult = { added: number; changed: number; unchanged: number };

/** One parsed advisory file, ready to store. */
export type AdvisoryInput = { advisory: Advisory; sourcePath: string; sha256: string };

/**
 * Stores parsed advisories in one transaction: new ones are inserted, changed files (by content
 * hash) replace their row, unchanged ones are not written, so a re-run over the same database
 * changes nothing. Each indexed crate whose advisories changed gets a search update queued in the
 * same transaction (its advisory facet).
 */
export async function storeAdvisories(database: Database, inputs: AdvisoryInput[]): Promise<StoreResult> {
  return database.db.transaction(async (tx) => {
    // Before the first import no crate's document claims anything about advisories; after it, every one does.
    const [before] = await tx.select({ id: advisories.id }).from(advisories).limit(1);
    const known = new Map<string, string>();
    for (let i = 0; i < inputs.length; i += 1000) {
      const ids = inputs.slice(i, i + 1000).map((x) => x.advisory.id);
      for (const r of await tx.select({ id: advisories.id, sha256: advisories.sha256 }).from(advisories).where(inArray(advisories.id, ids))) known.set(r.id, r.sha256);
    }
    const fresh = inputs.filter((x) => known.get(x.advisory.id) !== x.sha256);
    for (let i = 0; i < fresh.length; i += 200) {
      const rows = fresh.slice(i, i + 200).map(toRow);
      await tx.insert(advisories).values(rows).onConflictDoUpdate({
        target: advisories.id,
        set: Object.fromEntries(Object.keys(rows[0]!).filter((k) => k !== 'id').map((k) => [k, sql.raw(`excluded."${snake(k)}"`)])),
      });
    }
    const keys = [...new Set(fresh.map((x) => nameKey('crates', x.advisory.package)))];
    if (!before && fresh.length) {
      await enqueueEveryCrate(tx, SEARCH_TOPIC);
    } else if (keys.length) {
      const touched = await tx.select({ id: packages.id }).from(packages).where(and(eq(packages.ecosystem, 'crates'), inArray(packages.nameKey, keys)));
      await enqueue(tx, SEARCH_TOPIC, touched.map((p) => p.id));
    }
    const added = fresh.filter((x) => !known.has(x.advisory.id)).length;
    return { added, changed: fresh.length - added, unchanged: inputs.length - fresh.length };
  });
}

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

/** The row keeps the parsed advisory as it is, plus where it came from and its lookup key. */
function toRow({ advisory, sourcePath, sha256 }: AdvisoryInput) {
  return { ...advisory, packageKey: nameKey('crates', advisory.package), sourcePath, sha256, updatedAt: new Date() };
}

/** RUSTSEC ids are upper-case; aliases (CVE-…, GHSA-…) are matched as written, ignoring case. */
export async function requireAdvisory(db: DbOrTx, idOrAlias: string): Promise<AdvisoryRow> {
  const upper = idOrAlias.toUpperCase();
  const [byId] = await db.select().from(advisories).where(eq(advisories.id, upper));
  if (byId) return byId;
  // GHSA ids are written lower-case after the prefix (GHSA-8r5v-vm4m-4g25): compare case-insensitively.
  const [byAlias] = await db
    .select()
    .from(advisories)
    .where(sql`exists (select 1 from unnest(${advisories.aliases}) a where upper(a) = ${upper})`)
    .orderBy(asc(advisories.id))
    .limit(1);
  if (!byAlias) throw new AppError('notFound', { detail: `No advisory has the id or alias '${idOrAlias}'.` });
  return byAlias;
}

/** The public shape of an advisory: the stored fields without internal keys, plus what is derived from them. */
export function toAdvisoryDto(row: AdvisoryRow) {
  const { packageKey: _key, sha256: _sha, createdAt: _created, updatedAt: _updated, license: _license, ...a } = row;
  return { ...a, kind: kindOf(row), severity: severityOf(row.cvss), affectedRanges: osvEvents(row) };
}

/** Every advisory filed against a crate, newest first, withdrawn ones included. */
export async function advisoriesOfCrate(db: DbOrTx, name: string): Promise<AdvisoryRow[]> {
  return db.select().from(advisories).where(eq(advisories.packageKey, nameKey('crates', name))).orderBy(sql`${advisories.date} desc`, asc(advisories.id));
}

/** A short form for lists: what the crate page and the dependency answer show. */
export function toAdvisoryBrief(a: AdvisoryRow) {
  return {
    id: a.id,
    package: a.package,
    kind: kindOf(a),
    title: a.title,
    date: a.date,
    withdrawn: a.withdrawn,
    url: a.url,
    aliases: a.aliases,
    severity: severityOf(a.cvss),
    patched: a.patched,
    unaffected: a.unaffected,
  };
}

/** The newest advisories first (by their date, then id), withdrawn ones included: for the feed. */
export async function recentAdvisories(db: DbOrTx, limit: number): Promise<AdvisoryRow[]> {
  return db.select().from(advisories).orderBy(sql`${advisories.date} desc`, sql`${advisories.id} desc`).limit(limit);
}
