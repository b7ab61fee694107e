import { eq, sql } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { councilMembers, councils } from '../db/schema/index.js';
import { audit } from '../lib/audit.js';
import { AppError } from '../lib/problems.js';
import { DAY, requireCouncil } from './records.js';
import { findUserByUsername } from '../accounts/users.js';

// ── councils (operators, from the CLI) ─────────────────────────────────────

/** Accounts whose person made at least `minWeight` weighted contributions (in `category`) in the last `days`. */
export async function eligibleByContributions(tx: DbOrTx, rule: { minWeight: number; days: number; category?: string }, at: Date) {
  const since = new Date(at.getTime() - rule.days * DAY).toISOString();
  const rows = await tx.execute(sql`
    select u.id::int as id, u.username from users u
    join person_identities fi on fi.kind = 'ferrite' and fi.value = u.username_key
    join people pe on pe.id = fi.person_id and pe.merged_into is null
    join person_identities i on i.person_id = fi.person_id
    join contributions c on c.identity_id = i.id
    left join packages p on p.id = c.package_id
    where c.at >= ${since}::timestamptz
      ${rule.category ? sql`and exists (select 1 from unnest(p.categories) cat where cat = ${rule.category} or cat like ${`${rule.category}::%`})` : sql``}
    group by u.id, u.username having sum(c.weight) >= ${rule.minWeight}`);
  return (Array.isArray(rows) ? rows : (rows as { rows: unknown[] }).rows) as { id: number; username: string }[];
}

export async function setEligibility(database: Database, slug: string, rule: { minWeight: number; days: number; category?: string } | null) {
  const council = await requireCouncil(database.db, slug);
  await database.db.update(councils).set({ eligibility: rule }).where(eq(councils.id, council.id));
}

export async function createCouncil(database: Database, c: { slug: string; name: string; charter?: string }) {
  const [row] = await database.db.insert(councils).values({ slug: c.slug, name: c.name, charter: c.charter ?? '' }).onConflictDoUpdate({ target: councils.slug, set: { name: c.name, charter: c.charter ?? '' } }).returning();
  return row!;
}

export async function addMember(database: Database, slug: string, username: string, opts: { role?: 'chair' | 'member'; from: Date; until?: Date | null }) {
  return database.db.transaction(async (tx) => {
    const council = await requireCouncil(tx, slug);
    const user = await findUserByUsername(tx, username);
    if (!user) throw new AppError('notFound', { detail: `There is no account named '${username}'.` });
    const values = { councilId: council.id, userId: user.id, role: opts.role ?? 'member', termStart: opts.from, termEnd: opts.until ?? null };
    await tx.insert(councilMembers).values(values).onConflictDoUpdate({ target: [councilMembers.councilId, councilMembers.userId], set: { role: values.role, termStart: values.termStart, termEnd: values.termEnd } });
    await audit(tx, { actor: 'operator', action: 'council.member_set', subjectType: 'council', subjectKey: String(council.id), data: { user: user.username, role: values.role } });
  });
}
