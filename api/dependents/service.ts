import { eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { dependentCounts as counts } from '../db/schema/index.js';
import { requirePackage } from '../packages/service.js';
import { loadSearchDocuments } from '../search/documents.js';
import type { SearchDocument } from '../search/engine.js';
import type { DependentsPage, DependentsQuery } from './contracts.js';

export const DEPENDENTS_RULE =
  'A crate counts as a dependent when its newest non-yanked version lists this crate as a normal or build dependency (optional ones included, dev-dependencies not); "all" adds every crate that reaches it through a chain of such dependencies. Only crates indexed here are counted.';

export type DependentCounts = { direct: number; all: number; computedAt: string };

/** The materialised counts of one package; null until they were first computed. */
export async function dependentCounts(db: DbOrTx, packageId: number): Promise<DependentCounts | null> {
  const [r] = await db.select().from(counts).where(eq(counts.packageId, packageId));
  return r ? { direct: r.direct, all: r.transitive, computedAt: r.computedAt.toISOString() } : null;
}

type Row = {
  name: string; version: string | null; description: string | null; dependents: number; direct: boolean;
  req: string | null; kinds: ('normal' | 'build')[] | null; optional: boolean | null; total: number;
};

/**
 * A crate's dependents, most used first (by their own direct count), then by name. `direct` reads
 * the edges; `all` walks them upwards with a recursive query, which stops at crates already seen,
 * so cycles end.
 */
export async function listDependents(database: Database, name: string, q: DependentsQuery): Promise<DependentsPage> {
  const pkg = await requirePackage(database.db, 'crates', name);
  const offset = (q.page - 1) * q.perPage;
  const ids = q.kind === 'direct'
    ? sql`select dependent_id as id from dependency_edges where package_id = ${pkg.id}`
    : sql`with recursive up(id) as (
            select dependent_id from dependency_edges where package_id = ${pkg.id}
            union
            select e.dependent_id from dependency_edges e join up on e.package_id = up.id
          ) select id from up where id <> ${pkg.id}`;
  const rows = await database.rows<Row>(sql`
    with found as (${ids})
    select p.name, p.default_version as version, p.description, coalesce(c.direct, 0) as dependents,
           e.package_id is not null as direct, e.req, e.kinds, e.optional, count(*) over ()::int as total
    from found f
    join packages p on p.id = f.id
    left join dependent_counts c on c.package_id = p.id
    left join dependency_edges e on e.package_id = ${pkg.id} and e.dependent_id = p.id
    order by coalesce(c.direct, 0) desc, p.name_key
    limit ${q.perPage} offset ${offset}`);
  const known = await dependentCounts(database.db, pkg.id);
  const total = rows[0]?.total ?? (offset > 0 ? await countOf(database, ids) : 0);
  return {
    crate: pkg.name,
    kind: q.kind,
    rule: DEPENDENTS_RULE,
    counts: known && { direct: known.direct, all: known.all },
    computedAt: known?.computedAt ?? null,
    total,
    page: q.page,
    perPage: q.perPage,
    items: rows.map((r) => ({
      name: r.name, version: r.version, description: r.description, dependents: r.dependents, direct: r.direct,
      req: r.req, kinds: r.kinds ?? [], optional: r.optional,
    })),
  };
}

/** A page past the end has no rows to carry the total; it is counted apart. */
async function countOf(database: Database, ids: ReturnType<typeof sql>): Promise<number> {
  const [r] = await database.rows<{ n: number }>(sql`with found as (${ids}) select count(*)::int as n from found`);
  return r?.n ?? 0;
}

export type DependedOn = SearchDocument & { dependents: number };

/**
 * The crates most crates use directly, as search results show them: the popularity signal that
 * needs no download counts.
 */
export async function mostDependedOn(database: Database, limit: number): Promise<DependedOn[]> {
  const top = await database.rows<{ id: number; direct: number }>(sql`
    select c.package_id::int as id, c.direct from dependent_counts c
    where c.direct > 0 order by c.direct desc, c.package_id limit ${limit}`);
  return withDocuments(database, top);
}

/** Search documents for these packages, in the order given, each with its direct count. */
export async function withDocuments(database: Database, ranked: { id: number; direct: number }[]): Promise<DependedOn[]> {
  const { docs } = await loadSearchDocuments(database, ranked.map((r) => r.id));
  const byId = new Map(docs.map((d) => [d.id, d]));
  return ranked.flatMap((r) => {
    const doc = byId.get(r.id);
    return doc ? [{ ...doc, dependents: r.direct }] : [];
  });
}
