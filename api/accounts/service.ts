import { and, asc, desc, eq, isNull, ne, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Database, DbOrTx } from '../db/client.js';
import { apiTokens, identities, packageOwners, packages, sessions, users } from '../db/schema/index.js';
import { audit } from '../lib/audit.js';
import { AppError } from '../lib/problems.js';
import type { ChangePasswordForm, IdentityForm, SignInForm, SignUpForm } from './contracts.js';
import { burnPasswordTime, hashPassword, verifyPassword } from './passwords.js';
import { createSession, type SessionUser } from './sessions.js';
import { forgetAttempt, recordAttempt } from './throttle.js';
import { findUserByUsername, usernameKey } from './users.js';
import type { Principal } from './principal-type.js';
import { createApiToken, type NewToken, revokeToken } from './tokens.js';

const isUniqueViolation = (err: unknown) => (err as { code?: string; cause?: { code?: string } })?.code === '23505' || (err as { cause?: { code?: string } })?.cause?.code === '23505';

/** Creates an account and its first session, in one transaction. */
export async function signUp(database: Database, form: z.infer<typeof SignUpForm>, now: Date, userAgent?: string) {
  const passwordHash = await hashPassword(form.password);
  try {
    return await database.db.transaction(async (tx) => {
      const [user] = await tx
        .insert(users)
        .values({ username: form.username, usernameKey: usernameKey(form.username), displayName: form.displayName, passwordHash, createdAt: now })
        .returning();
      await audit(tx, { actor: `user:${user!.id}`, action: 'account.created', subjectType: 'user', subjectKey: String(user!.id), data: { username: user!.username } });
      return createSession(tx, user!.id, now, userAgent);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', { detail: `The username '${form.username}' is taken.`, errors: [{ path: 'username', message: 'already taken' }] });
    throw err;
  }
}

/** Checks a password, with throttling per (account, address), per address and per account (see throttle.ts); one message for every failure. */
export async function signIn(database: Database, form: z.infer<typeof SignInForm>, address: string, now: Date, userAgent?: string) {
  const db = database.db;
  const attempt = await recordAttempt(db, form.username, address, now);
  const user = await findUserByUsername(db, form.username);
  const ok = user?.passwordHash ? await verifyPassword(user.passwordHash, form.password) : (await burnPasswordTime(form.password), false);
  if (!user || !ok) throw new AppError('unauthorized', { detail: 'Wrong username or password.' });
  await forgetAttempt(db, attempt);
  return createSession(db, user.id, now, userAgent);
}

/**
 * Changes the password, signs out every other session and revokes every API token of the account:
 * a password is changed most often because it may be known to someone else, who may have minted
 * tokens with it. CI jobs then need new tokens (the README says so).
 */
export async function changePassword(database: Database, user: SessionUser, currentSessionId: string, form: z.infer<typeof ChangePasswordForm>, now: Date) {
  const [row] = await database.db.select({ passwordHash: users.passwordHash }).from(users).where(eq(users.id, user.id));
  if (!row?.passwordHash || !(await verifyPassword(row.passwordHash, form.current))) {
    throw new AppError('invalidRequest', { detail: 'The current password is wrong.', errors: [{ path: 'current', message: 'wrong password' }] });
  }
  const passwordHash = await hashPassword(form.next);
  await database.db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash }).where(eq(users.id, user.id));
    await tx.delete(sessions).where(and(eq(sessions.userId, user.id), ne(sessions.id, currentSessionId)));
    const revoked = await tx.update(apiTokens).set({ revokedAt: now }).where(and(eq(apiTokens.userId, user.id), isNull(apiTokens.revokedAt))).returning({ id: apiTokens.id });
    await audit(tx, { actor: `user:${user.id}`, action: 'account.password_changed', subjectType: 'user', subjectKey: String(user.id), data: { tokensRevoked: revoked.length } });
  });
}

export function listSessions(db: DbOrTx, userId: number) {
  return db
    .select({ id: sessions.id, createdAt: sessions.createdAt, lastSeenAt: sessions.lastSeenAt, expiresAt: sessions.expiresAt, userAgent: sessions.userAgent })
    .from(sessions)
    .where(eq(sessions.userId, userId))
    .orderBy(desc(sessions.lastSeenAt));
}

/** Ends one of the account's own sessions; another account's session id changes nothing. */
export async function revokeSession(db: DbOrTx, userId: number, sessionId: string): Promise<boolean> {
  const rows = await db.delete(sessions).where(and(eq(sessions.id, sessionId), eq(sessions.userId, userId))).returning({ id: sessions.id });
  return rows.length > 0;
}

export function identitiesOf(db: DbOrTx, userId: number) {
  return db.select().from(identities).where(eq(identities.userId, userId)).orderBy(asc(identities.provider), asc(identities.login));
}

/**
 * Records a crates.io or npm name the user says is theirs. It is shown as unverified and grants
 * nothing: anyone could type any name. Ownership follows only from verified identities.
 */
export async function claimIdentity(database: Database, user: SessionUser, form: z.infer<typeof IdentityForm>) {
  try {
    await database.db.transaction(async (tx) => {
      await tx.insert(identities).values({ userId: user.id, provider: form.provider, login: form.login, verified: false });
      await audit(tx, { actor: `user:${user.id}`, action: 'identity.claimed', subjectType: 'user', subjectKey: String(user.id), data: form });
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', { detail: `The ${form.provider} name '${form.login}' is already linked to an account.` });
    throw err;
  }
}

/**
 * Links a proven GitHub login (after OAuth) and makes the account an owner of every package the
 * registries list that login as owner of (crates.io owners are GitHub logins). One transaction.
 */
export async function linkVerifiedGithub(tx: DbOrTx, userId: number, login: string) {
  await tx
    .insert(identities)
    .values({ userId, provider: 'github', login, verified: true })
    .onConflictDoNothing();
  const linked = await tx.execute(sql`
    insert into package_owners (package_id, user_id, via)
    select distinct ro.package_id, ${userId}::bigint, 'registry' from registry_owners ro
    where ro.kind = 'user' and lower(ro.login) = lower(${login})
    on conflict do nothing
    returning package_id`);
  const count = Array.isArray(linked) ? linked.length : ((linked as { rows?: unknown[] }).rows?.length ?? 0);
  await audit(tx, { actor: `user:${userId}`, action: 'identity.verified', subjectType: 'user', subjectKey: String(userId), data: { provider: 'github', login, packagesLinked: count } });
  return count;
}

export function ownedPackages(db: DbOrTx, userId: number) {
  return db
    .select({ ecosystem: packages.ecosystem, name: packages.name })
    .from(packageOwners)
    .innerJoin(packages, eq(packages.id, packageOwners.packageId))
    .where(eq(packageOwners.userId, userId))
    .orderBy(asc(packages.ecosystem), asc(packages.name));
}

/** The account holding this verified GitHub login, or a new one named after it (ownership linked on creation). */
export async function signInWithGithub(database: Database, login: string, at: Date, userAgent?: string) {
  if (!/^[A-Za-z0-9-]{1,39}$/.test(login)) throw new AppError('invalidRequest', { detail: 'GitHub returned an unexpected login.' });
  try {
    return await database.db.transaction(async (tx) => {
      const [known] = await tx
        .select({ userId: identities.userId })
        .from(identities)
        .where(and(eq(identities.provider, 'github'), eq(sql`lower(${identities.login})`, login.toLowerCase()), eq(identities.verified, true)));
      let userId = known?.userId;
      if (!userId) {
        const [u] = await tx.insert(users).values({ username: login, usernameKey: usernameKey(login), createdAt: at }).returning({ id: users.id });
        userId = u!.id;
        await linkVerifiedGithub(tx, userId, login);
      }
      return createSession(tx, userId, at, userAgent);
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new AppError('conflict', { detail: `An account named '${login}' already exists: sign in with its password.` });
    throw err;
  }
}

/**
 * Creates a token for the principal's own account, with its audit entry, inside the caller's
 * transaction (the page keeps the new secret for one showing in the same transaction).
 */
export async function createToken(tx: DbOrTx, principal: Principal, t: NewToken) {
  const created = await createApiToken(tx, principal.user.id, t);
  await audit(tx, { principal, action: 'token.created', subjectType: 'token', subjectKey: String(created.row.id), data: { name: t.name, scopes: t.scopes, packageGlob: t.packageGlob } });
  return created;
}

/** Revokes one of the principal's own live tokens, with its audit entry; a missing one is a 404. */
export async function revokeOwnToken(database: Database, principal: Principal, tokenId: number, now: Date) {
  const ok = await database.db.transaction(async (tx) => {
    const revoked = await revokeToken(tx, principal.user.id, tokenId, now);
    if (revoked) await audit(tx, { principal, action: 'token.revoked', subjectType: 'token', subjectKey: String(tokenId) });
    return revoked;
  });
  if (!ok) throw new AppError('notFound', { detail: 'You have no live token with that id.' });
}
