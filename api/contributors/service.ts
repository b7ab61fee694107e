import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Principal } from '../accounts/principal.js';
import type { Database, DbOrTx } from '../db/client.js';
import { mergeSuggestions, people, personEdits, personIdentities } from '../db/schema/index.js';
import { AppError } from '../lib/problems.js';
import { type MaintenanceSignals, packageMaintenance } from '../advisories/maintenance.js';
import { listAffiliations } from './affiliations.js';
import { type Health, packageHealth } from './health.js';
import { assertMayAbsorb, mayActFor, personOfUser } from './people.js';

/** Accepts a merge: the second person's identities move to the first; logged with exactly what moved. */
export async function decideSuggestion(database: Database, principal: Principal | undefined, id: number, accept: boolean, at: Date) {
  return database.db.transaction(async (tx) => {
    const [s] = await tx.select().from(mergeSuggestions).where(eq(mergeSuggestions.id, id)).for('update');
    if (!s || s.status !== 'pending') throw new AppError('notFound', { detail: 'No such pending suggestion.' });
    const user = await mayActFor(tx, principal, [s.personA, s.personB]);
    if (accept) {
      const mine = user.isAdmin ? null : await personOfUser(tx, user.username);
      await assertMayAbsorb(tx, user, mine === s.personA ? s.personB : s.personA);
    }
    await tx.update(mergeSuggestions).set({ status: accept ? 'accepted' : 'rejected', decidedBy: user.id, decidedAt: at }).where(eq(mergeSuggestions.id, id));
    if (!accept) return { merged: false };
    const moved = await tx.update(personIdentities).set({ personId: s.personA }).where(eq(personIdentities.personId, s.personB)).returning({ id: personIdentities.id });
    await tx.update(people).set({ mergedInto: s.personA }).where(eq(people.id, s.personB));
    const [edit] = await tx.insert(personEdits).values({ action: 'merge', personId: s.personA, otherId: s.personB, identityIds: moved.map((m) => m.id), actor: `user:${user.id}`, at }).returning();
    return { merged: true, edit: edit!.id };
  });
}

/** Undoes a merge: the identities it moved go back, the absorbed person reappears; logged too. */
export async function unmerge(database: Database, principal: Principal | undefined, editId: number, at: Date) {
  return database.db.transaction(async (tx) => {
    const [e] = await tx.select().from(personEdits).where(and(eq(personEdits.id, editId), eq(personEdits.action, 'merge'), isNull(personEdits.undoneBy))).for('update');
    if (!e) throw new AppError('notFound', { detail: 'No such merge to undo.' });
    const user = await mayActFor(tx, principal, [e.personId, e.otherId!]);
    if (e.identityIds.length) await tx.update(personIdentities).set({ personId: e.otherId! }).where(inArray(personIdentities.id, e.identityIds));
    await tx.update(people).set({ mergedInto: null }).where(eq(people.id, e.otherId!));
    const [undo] = await tx.insert(personEdits).values({ action: 'unmerge', personId: e.otherId!, otherId: e.personId, identityIds: e.identityIds, actor: `user:${user.id}`, at }).returning();
    await tx.update(personEdits).set({ undoneBy: undo!.id }).where(eq(personEdits.id, e.id));
    return { unmerged: true, edit: undo!.id };
  });
}

/** A person hides (or shows) their own profile; admins may too. */
export async function setHidden(database: Database, principal: Principal | undefined, personId: number, hidden: boolean, at: Date) {
  return database.db.transaction(async (tx) => {
    const user = await mayActFor(tx, principal, [personId]);
    await tx.update(people).set({ hidden }).where(eq(people.id, personId));
    await tx.insert(personEdits).values({ action: hidden ? 'hide' : 'show', personId, actor: `user:${user.id}`, at });
  });
}

/** What the account page shows of its holder's contributor profile: null until Ferrite credits the account. */
export async function accountProfile(database: Database, username: string) {
  const id = await personOfUser(database.db, username);
  if (id === null) return null;
  const [p] = await database.db.select({ hidden: people.hidden }).from(people).where(eq(people.id, id));
  return { id, hidden: p?.hidden ?? false, suggestions: await pendingSuggestions(database, id), affiliations: await listAffiliations(database.db, id) };
}
export type AccountProfile = NonNullable<Awaited<ReturnType<typeof accountProfile>>>;

/** Merge suggestions still waiting for a decision that involve this person. */
const pendingSuggestions = (database: Database, id: number) =>
  rows<{ id: number; other: number; otherName: string; reason: string }>(database, sql`
    select s.id::int, case when s.person_a = ${id} then s.person_b else s.person_a end::int as other, o.display_name as "otherName", s.reason
    from merge_suggestions s join people o on o.id = case when s.person_a = ${id} then s.person_b else s.person_a end
    where s.status = 'pending' and ${id} in (s.person_a, s.person_b) order by s.id`);

/** A public person: never hidden, never merged away. Hidden people are simply not found. */
export async function requirePerson(db: DbOrTx, id: number) {
  const [p] = await db.select().from(people).where(eq(people.id, id));
  if (!p || p.hidden) throw new AppError('notFound', { detail: `There is no public person ${id}.` });
  if (p.mergedInto) throw new AppError('notFound', { detail: `Person ${id} was merged into person ${p.mergedInto}.` });
  return p;
}

type Row = Record<string, unknown>;
const rows = <T = Row>(database: Database, q: ReturnType<typeof sql>) => database.rows<T>(q);

/** A person's page: identities (no e-mail addresses are ever stored), packages, contributions by type and year, councils, public votes. */
export async function personView(database: Database, id: number) {
  const person = await requirePerson(database.db, id);
  const identities = await database.db.select({ kind: personIdentities.kind, display: personIdentities.display }).from(personIdentities).where(eq(personIdentities.personId, id));
  const packages = await rows<{ ecosystem: 'crates' | 'npm'; name: string; n: number; types: string[] }>(database, sql`
    select p.ecosystem, p.name, count(*)::int n, array_agg(distinct c.type) types
    from contributions c join person_identities i on i.id = c.identity_id join packages p on p.id = c.package_id
    where i.person_id = ${id} group by p.ecosystem, p.name order by n desc, p.name limit 100`);
  const timeline = await rows<{ year: number; type: string; weight: number }>(database, sql`
    select extract(year from c.at)::int as year, c.type, sum(c.weight)::float8 as weight
    from contributions c join person_identities i on i.id = c.identity_id where i.person_id = ${id} group by 1, 2 order by 1, 2`);
  const councils = await rows<{ slug: string; name: string; role: string }>(database, sql`
    select co.slug, co.name, m.role from council_members m join councils co on co.id = m.council_id join users u on u.id = m.user_id
    join person_identities i on i.kind = 'ferrite' and i.value = u.username_key where i.person_id = ${id} order by co.name`);
  const votes = await rows<{ proposal: number; title: string; choice: unknown }>(database, sql`
    select pr.id::int as proposal, pr.title, b.choice from ballots b join proposals pr on pr.id = b.proposal_id join users u on u.id = b.user_id
    join person_identities i on i.kind = 'ferrite' and i.value = u.username_key
    where i.person_id = ${id} and not coalesce((pr.rules->>'secret')::boolean, false) order by pr.id desc limit 50`);
  const merges = await database.db.select().from(personEdits).where(and(eq(personEdits.personId, id), eq(personEdits.action, 'merge'), isNull(personEdits.undoneBy)));
  const suggestions = await pendingSuggestions(database, id);
  return {
    person: { id: person.id, name: person.displayName },
    identities,
    affiliations: await listAffiliations(database.db, id),
    packages,
    timeline,
    councils,
    votes,
    // Merges into this person that can still be undone (POST /api/v1/people/merges/{id}/undo).
    merges: merges.map((m) => ({ id: m.id, absorbed: m.otherId, at: m.at.toISOString() })),
    suggestions,
  };
}

/** A package's contributors (public people only), its health, and what its maintainers and RustSec say about its upkeep. */
export async function packageContributors(
  database: Database,
  pkg: Parameters<typeof packageMaintenance>[1],
  now: Date,
): Promise<{ people: { id: number; name: string; types: string[]; weight: number; last: string }[]; health: Health; maintenance: MaintenanceSignals }> {
  const packageId = pkg.id;
  const contributions = await rows<{ person: number; name: string; hidden: boolean; type: string; at: string; weight: number; org: string | null }>(database, sql`
    select pe.id::int as person, pe.display_name as name, pe.hidden, c.type, c.at::text, c.weight::float8,
      (select a.org from affiliations a where a.person_id = pe.id and (a.since is null or a.since <= c.at) and (a.until is null or a.until > c.at) limit 1) as org
    from contributions c join person_identities i on i.id = c.identity_id join people pe on pe.id = i.person_id
    where c.package_id = ${packageId}`);
  // Only real publish dates: when Ferrite stored a version says nothing about when it was released.
  const releases = await rows<{ at: string }>(database, sql`
    select coalesce(published_at, registry_created_at)::text as at from versions
    where package_id = ${packageId} and not yanked and coalesce(published_at, registry_created_at) is not null`);
  const [looking] = await rows<{ yes: boolean }>(database, sql`
    select (manifest->'maintenance'->>'status') = 'looking-for-maintainers' as yes from metadata_revisions where package_id = ${packageId} order by id desc limit 1`);
  const health = packageHealth({
    now,
    contributions: contributions.map((c) => ({ person: String(c.person), at: new Date(c.at), weight: c.weight, type: c.type, org: c.org })),
    releases: releases.map((r) => new Date(r.at)),
    lookingForMaintainers: looking?.yes ?? false,
  });
  const byPerson = new Map<number, { id: number; name: string; types: Set<string>; weight: number; last: string }>();
  for (const c of contributions.filter((x) => !x.hidden)) {
    const p = byPerson.get(c.person) ?? { id: c.person, name: c.name, types: new Set<string>(), weight: 0, last: c.at };
    p.types.add(c.type);
    p.weight += c.weight;
    if (c.at > p.last) p.last = c.at;
    byPerson.set(c.person, p);
  }
  return {
    people: [...byPerson.values()].map((p) => ({ ...p, types: [...p.types].sort(), last: new Date(p.last).toISOString() })).sort((a, b) => b.weight - a.weight || a.name.localeCompare(b.name)),
    health,
    maintenance: await packageMaintenance(database.db, pkg),
  };
}

export const CONTRIBUTION_TYPES = ['code', 'maintenance', 'publishing', 'metadata', 'compatibility-report', 'governance', 'review', 'docs', 'infrastructure'] as const;

/** People ranked by weighted contributions in a period, optionally of one type, category or profile. */
export async function leaderboard(database: Database, q: { days: number; type?: string; category?: string; profile?: string; limit: number }, now: Date) {
  const since = new Date(now.getTime() - q.days * 86_400_000);
  return rows<{ id: number; name: string; weight: number; packages: number }>(database, sql`
    select pe.id::int, pe.display_name as name, sum(c.weight)::float8 as weight, count(distinct c.package_id)::int as packages
    from contributions c join person_identities i on i.id = c.identity_id join people pe on pe.id = i.person_id
    left join packages p on p.id = c.package_id
    left join search_documents d on d.package_id = c.package_id
    where c.at >= ${since.toISOString()}::timestamptz and not pe.hidden and pe.merged_into is null
      ${q.type ? sql`and c.type = ${q.type}` : sql``}
      ${q.category ? sql`and exists (select 1 from unnest(p.categories) cat where cat = ${q.category} or cat like ${`${q.category}::%`})` : sql``}
      ${q.profile ? sql`and d.supports @> array[${q.profile}]::text[]` : sql``}
    group by pe.id, pe.display_name order by weight desc, pe.display_name limit ${q.limit}`);
}

/** Who is credited for one release: its publisher, the owners and maintainers then, reports and metadata on it. */
export async function thanks(database: Database, versionId: number, packageId: number, releasedAt: Date | null) {
  return rows<{ id: number; name: string; types: string[] }>(database, sql`
    select pe.id::int, pe.display_name as name, array_agg(distinct c.type order by c.type) as types
    from contributions c join person_identities i on i.id = c.identity_id join people pe on pe.id = i.person_id
    where not pe.hidden and (c.version_id = ${versionId}
      or (c.package_id = ${packageId} and c.version_id is null and c.type in ('maintenance', 'code', 'metadata')
          ${releasedAt ? sql`and c.at <= ${new Date(releasedAt.getTime() + 365 * 86_400_000).toISOString()}::timestamptz` : sql``}))
    group by pe.id, pe.display_name order by pe.display_name`);
}
