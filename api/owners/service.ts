import { and, asc, eq, gt } from 'drizzle-orm';
import type { Database, DbOrTx } from '../db/client.js';
import { ownerInvitations, packageOwners, packages, users } from '../db/schema/index.js';
import type { Principal } from '../accounts/principal.js';
import type { SessionUser } from '../accounts/sessions.js';
import { audit } from '../lib/audit.js';
import { AppError } from '../lib/problems.js';
import { logRegistryChange } from '../transparency/registry-log.js';
import { findUserByUsername } from '../accounts/users.js';

type Pkg = { id: number; ecosystem: 'crates' | 'npm'; name: string };
const INVITATION_DAYS = 30;

export async function isOwner(db: DbOrTx, packageId: number, userId: number) {
  const [row] = await db.select({ u: packageOwners.userId }).from(packageOwners).where(and(eq(packageOwners.packageId, packageId), eq(packageOwners.userId, userId)));
  return !!row;
}

/** Only owners (and admins) change a package: checked on every write, whatever the credential. */
export async function requireOwner(db: DbOrTx, pkg: Pkg, user: SessionUser) {
  if (user.isAdmin || (await isOwner(db, pkg.id, user.id))) return;
  throw new AppError('forbidden', { detail: `You are not an owner of ${pkg.name}.` });
}

export function ownersOf(db: DbOrTx, packageId: number) {
  return db
    .select({ username: users.username, displayName: users.displayName, via: packageOwners.via, since: packageOwners.createdAt })
    .from(packageOwners)
    .innerJoin(users, eq(users.id, packageOwners.userId))
    .where(eq(packageOwners.packageId, packageId))
    .orderBy(asc(users.username));
}

/** An owner invites an account by username; nothing changes until the invitee accepts. */
export async function inviteOwner(database: Database, principal: Principal, pkg: Pkg, username: string, now: Date) {
  return database.db.transaction(async (tx) => {
    await requireOwner(tx, pkg, principal.user);
    const invitee = await findUserByUsername(tx, username);
    if (!invitee) throw new AppError('invalidRequest', { detail: `There is no account named '${username}'.`, errors: [{ path: 'username', message: 'no such account' }] });
    if (await isOwner(tx, pkg.id, invitee.id)) throw new AppError('conflict', { detail: `${invitee.username} already owns ${pkg.name}.` });
    const expiresAt = new Date(now.getTime() + INVITATION_DAYS * 86_400_000);
    const [inv] = await tx
      .insert(ownerInvitations)
      .values({ packageId: pkg.id, inviteeId: invitee.id, inviterId: principal.user.id, createdAt: now, expiresAt })
      .onConflictDoUpdate({ target: [ownerInvitations.packageId, ownerInvitations.inviteeId], set: { inviterId: principal.user.id, createdAt: now, expiresAt } })
      .returning();
    await audit(tx, { principal, action: 'owner.invited', subjectType: 'package', subjectKey: String(pkg.id), data: { invitee: invitee.username } });
    return inv!;
  });
}

export function pendingInvitations(db: DbOrTx, userId: number, now: Date) {
  return db
    .select({ id: ownerInvitations.id, package: packages.name, ecosystem: packages.ecosystem, inviter: users.username })
    .from(ownerInvitations)
    .innerJoin(packages, eq(packages.id, ownerInvitations.packageId))
    .innerJoin(users, eq(users.id, ownerInvitations.inviterId))
    .where(and(eq(ownerInvitations.inviteeId, userId), gt(ownerInvitations.expiresAt, now)))
    .orderBy(asc(packages.name));
}

/** The invitee answers; accepting adds the owner and spends the invitation in one transaction. */
export async function answerInvitation(database: Database, principal: Principal, invitationId: number, accept: boolean, now: Date) {
  return database.db.transaction(async (tx) => {
    const [inv] = await tx.select().from(ownerInvitations).where(and(eq(ownerInvitations.id, invitationId), eq(ownerInvitations.inviteeId, principal.user.id), gt(ownerInvitations.expiresAt, now)));
    if (!inv) throw new AppError('notFound', { detail: 'No such pending invitation for you.' });
    await tx.delete(ownerInvitations).where(eq(ownerInvitations.id, inv.id));
    if (accept) {
      const added = await tx.insert(packageOwners).values({ packageId: inv.packageId, userId: principal.user.id, via: 'invitation', createdAt: now }).onConflictDoNothing().returning();
      const [pkg] = await tx.select({ ecosystem: packages.ecosystem, name: packages.name }).from(packages).where(eq(packages.id, inv.packageId));
      const [inviter] = await tx.select({ username: users.username }).from(users).where(eq(users.id, inv.inviterId));
      if (added.length && pkg)
        await logRegistryChange(tx, now, { kind: 'owner-added', package: `${pkg.ecosystem}/${pkg.name}`, by: inviter?.username ?? 'unknown', owner: principal.user.username, via: 'invitation' });
    }
    await audit(tx, { principal, action: accept ? 'owner.accepted' : 'owner.declined', subjectType: 'package', subjectKey: String(inv.packageId) });
  });
}

/** Removes an owner (oneself included); a package always keeps at least one owner. */
export async function removeOwner(database: Database, principal: Principal, pkg: Pkg, username: string, now: Date) {
  return database.db.transaction(async (tx) => {
    await requireOwner(tx, pkg, principal.user);
    const target = await findUserByUsername(tx, username);
    if (!target || !(await isOwner(tx, pkg.id, target.id))) throw new AppError('notFound', { detail: `${username} is not an owner of ${pkg.name}.` });
    // Lock the package's owner rows so two owners leaving at once cannot both pass the check.
    const owners = await tx.select({ u: packageOwners.userId }).from(packageOwners).where(eq(packageOwners.packageId, pkg.id)).for('update');
    if (owners.length <= 1) throw new AppError('conflict', { detail: `${username} is the last owner of ${pkg.name}: invite another owner first.` });
    await tx.delete(packageOwners).where(and(eq(packageOwners.packageId, pkg.id), eq(packageOwners.userId, target.id)));
    await logRegistryChange(tx, now, { kind: 'owner-removed', package: `${pkg.ecosystem}/${pkg.name}`, by: principal.user.username, owner: target.username, via: 'owner' });
    await audit(tx, { principal, action: 'owner.removed', subjectType: 'package', subjectKey: String(pkg.id), data: { owner: username } });
  });
}

/** An operator's grant (`ferrite owners add`): for registries whose owners cannot sign in through GitHub yet. */
export async function grantOwnership(database: Database, ecosystem: 'crates' | 'npm', name: string, username: string) {
  return database.db.transaction(async (tx) => {
    const [pkg] = await tx.select().from(packages).where(and(eq(packages.ecosystem, ecosystem), eq(packages.name, name)));
    if (!pkg) throw new AppError('packageNotFound', { detail: `No ${ecosystem} package named '${name}' is indexed.` });
    const user = await findUserByUsername(tx, username);
    if (!user) throw new AppError('notFound', { detail: `There is no account named '${username}'.` });
    const added = await tx.insert(packageOwners).values({ packageId: pkg.id, userId: user.id, via: 'admin' }).onConflictDoNothing().returning();
    if (added.length) await logRegistryChange(tx, new Date(), { kind: 'owner-added', package: `${pkg.ecosystem}/${pkg.name}`, by: 'operator', owner: user.username, via: 'admin' });
    await audit(tx, { actor: 'operator', action: 'owner.granted', subjectType: 'package', subjectKey: String(pkg.id), data: { owner: user.username } });
    return added.length > 0;
  });
}
