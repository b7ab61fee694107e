import { sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';

export type ImportResult = { identities: number; people: number; contributions: number; suggestions: number };

/** Everyone the catalog and Ferrite's own records name, as (kind, lower-case key, display). */
const SOURCES = sql`
  select 'github' as kind, lower(login) as value, login as display from registry_owners where kind = 'user' and source = 'crates.io'
  union select 'github', lower(publisher), publisher from versions where publisher is not null and publisher <> ''
  union select 'npm', lower(m), m from versions v, jsonb_array_elements_text(coalesce(v.npm->'maintainers', '[]'::jsonb)) m
  union select 'npm', lower(v.npm->>'publisher'), v.npm->>'publisher' from versions v where v.npm ? 'publisher'
  union select 'name', lower(v.npm->>'author'), v.npm->>'author' from versions v where v.npm ? 'author'
  union select 'ferrite', username_key, username from users`;

/** Contributions from every source, each with a key that makes re-importing change nothing. */
const CONTRIBUTIONS = sql`
  select 'github' as kind, lower(ro.login) as value, ro.package_id, null::bigint as version_id, 'maintenance' as type, p.updated_at as at, 1.0::real as weight,
         'crates.io owners' as source, 'crates-owner:' || ro.package_id || ':' || lower(ro.login) as key
    from registry_owners ro join packages p on p.id = ro.package_id where ro.kind = 'user' and ro.source = 'crates.io'
  union all
  select 'github', lower(v.publisher), v.package_id, v.id, 'publishing', coalesce(v.published_at, v.registry_created_at, v.created_at), 1.0, 'crates.io published_by', 'publish:' || v.id
    from versions v where v.publisher is not null and v.publisher <> ''
  union all
  select 'npm', lower(v.npm->>'publisher'), v.package_id, v.id, 'publishing', coalesce(v.published_at, v.registry_created_at, v.created_at), 1.0, 'npm _npmUser', 'npm-publish:' || v.id
    from versions v where v.npm ? 'publisher'
  union all
  select 'npm', lower(m), v.package_id, null, 'maintenance', p.updated_at, 1.0, 'npm maintainers', 'npm-maintainer:' || v.package_id || ':' || lower(m)
    from packages p join versions v on v.package_id = p.id and v.num = p.default_version, jsonb_array_elements_text(coalesce(v.npm->'maintainers', '[]'::jsonb)) m
  union all
  select 'name', lower(v.npm->>'author'), v.package_id, null, 'code', p.updated_at, 1.0, 'npm author', 'npm-author:' || v.package_id || ':' || lower(v.npm->>'author')
    from packages p join versions v on v.package_id = p.id and v.num = p.default_version where v.npm ? 'author'
  union all
  ${ferriteContributions(null)}`;

/**
 * What people do in Ferrite itself: metadata published, compatibility reports, ballots. With a
 * user id, only that account's (the verbs credit it in their own transaction, so it counts at once).
 */
function ferriteContributions(userId: number | null) {
  const only = (col: ReturnType<typeof sql>) => (userId === null ? sql`` : sql`where ${col} = ${userId}`);
  return sql`
  select 'ferrite' as kind, u.username_key as value, r.package_id, null::bigint as version_id, 'metadata' as type, r.created_at as at, 1.0::real as weight, 'Ferrite metadata' as source, 'metadata:' || r.id as key
    from metadata_revisions r join users u on u.id = r.user_id ${only(sql`r.user_id`)}
  union all
  select 'ferrite', u.username_key, v.package_id, r.version_id, 'compatibility-report', r.created_at, 0.5, 'Ferrite compatibility report', 'report:' || r.id
    from compat_reports r join users u on u.id = r.user_id join versions v on v.id = r.version_id ${only(sql`r.user_id`)}
  union all
  select 'ferrite', u.username_key, null, null, 'governance', b.updated_at, 1.0, 'Ferrite ballot', 'ballot:' || b.proposal_id || ':' || b.user_id
    from ballots b join users u on u.id = b.user_id ${only(sql`b.user_id`)}`;
}

/**
 * Credits an account's Ferrite activity at once: gives the account a person (as the import would)
 * and records its new contributions. Idempotent by each contribution's source key; the caller's
 * transaction makes the credit part of the change that earned it.
 */
export async function creditFerriteActivity(tx: DbOrTx, userId: number): Promise<void> {
  await tx.execute(sql`
    with u as (select username_key, username from users where id = ${userId}
                 and not exists (select 1 from person_identities i join users x on x.id = ${userId} where i.kind = 'ferrite' and i.value = x.username_key)),
    p as (insert into people (display_name) select username from u returning id)
    insert into person_identities (person_id, kind, value, display) select p.id, 'ferrite', u.username_key, u.username from p, u
    on conflict (kind, value) do nothing`);
  await tx.execute(sql`
    insert into contributions (identity_id, package_id, version_id, type, at, weight, source, source_key)
    select i.id, c.package_id, c.version_id, c.type, c.at, c.weight, c.source, c.key
    from (${ferriteContributions(userId)}) c join person_identities i on i.kind = 'ferrite' and i.value = c.value
    on conflict (source_key) do nothing`);
}

/**
 * `ferrite index contributors`: people, identities and contributions from crates.io owners and
 * publishers, npm maintainers, publishers and authors, and Ferrite activity; then merge
 * suggestions. Idempotent: a re-run adds only what is new, in one transaction.
 */
export async function importContributions(database: Database): Promise<ImportResult> {
  return database.db.transaction(async (tx) => {
    const rows = <T>(q: ReturnType<typeof sql>) => database.rows<T>(q, tx);
    const fresh = await rows<{ kind: string; value: string; display: string }>(sql`
      select distinct on (s.kind, s.value) s.kind, s.value, s.display from (${SOURCES}) s
      where s.value is not null and s.value <> ''
        and not exists (select 1 from person_identities i where i.kind = s.kind and i.value = s.value)
      order by s.kind, s.value, s.display`);
    for (const f of fresh) {
      const [person] = await rows<{ id: number }>(sql`insert into people (display_name) values (${f.display}) returning id::int`);
      await rows(sql`insert into person_identities (person_id, kind, value, display) values (${person!.id}, ${f.kind}, ${f.value}, ${f.display})`);
    }
    const [added] = await rows<{ n: number }>(sql`
      with ins as (
        insert into contributions (identity_id, package_id, version_id, type, at, weight, source, source_key)
        select i.id, c.package_id, c.version_id, c.type, c.at, c.weight, c.source, c.key
        from (${CONTRIBUTIONS}) c join person_identities i on i.kind = c.kind and i.value = c.value
        on conflict (source_key) do nothing returning 1)
      select count(*)::int as n from ins`);
    const suggestions = await suggestMerges(tx, database);
    return { identities: fresh.length, people: fresh.length, contributions: added?.n ?? 0, suggestions };
  });
}

/**
 * Suggests merging people who are likely the same: a Ferrite account whose verified GitHub login
 * is another person's identity; the same login on npm and GitHub; the same display name.
 */
async function suggestMerges(tx: DbOrTx, database: Database): Promise<number> {
  const [r] = await database.rows<{ n: number }>(sql`
    with live as (select id, display_name from people where merged_into is null),
    pairs as (
      select fi.person_id as a, gi.person_id as b, 'verified GitHub login ' || gi.display as reason
        from person_identities fi
        join users u on u.username_key = fi.value and fi.kind = 'ferrite'
        join identities vid on vid.user_id = u.id and vid.provider = 'github' and vid.verified
        join person_identities gi on gi.kind = 'github' and gi.value = lower(vid.login)
      union
      select n.person_id, g.person_id, 'same login ' || g.display || ' on npm and GitHub'
        from person_identities n join person_identities g on g.kind = 'github' and n.kind = 'npm' and g.value = n.value
      union
      select p1.id, p2.id, 'same name ' || p1.display_name from live p1 join live p2 on lower(p1.display_name) = lower(p2.display_name) and p1.id < p2.id
    ),
    ins as (
      insert into merge_suggestions (person_a, person_b, reason)
      select least(a, b), greatest(a, b), min(reason) from pairs
      where a <> b and a in (select id from live) and b in (select id from live)
      group by least(a, b), greatest(a, b)
      on conflict (person_a, person_b) do nothing returning 1)
    select count(*)::int as n from ins`, tx);
  return r?.n ?? 0;
}
