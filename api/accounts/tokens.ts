import { and, desc, eq, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { apiTokens, users } from '../db/schema/index.js';
import type { Scope } from './scopes.js';
import { randomSecret, secretHash } from './secrets.js';
import type { SessionUser } from './sessions.js';

/** Tokens start with `frt_` so secret scanners (and people) recognise a leaked one. */
export const TOKEN_PREFIX = 'frt_';

export type NewToken = { name: string; scopes: Scope[]; packageGlob: string | null; expiresAt: Date | null };

export async function createApiToken(db: DbOrTx, userId: number, t: NewToken) {
  const token = `${TOKEN_PREFIX}${randomSecret(24)}`;
  const [row] = await db
    .insert(apiTokens)
    .values({ userId, name: t.name, tokenHash: secretHash(token), prefix: token.slice(0, 10), scopes: t.scopes, packageGlob: t.packageGlob, expiresAt: t.expiresAt })
    .returning();
  return { token, row: row! };
}

export type TokenPrincipal = { user: SessionUser; tokenId: number; scopes: Scope[]; packageGlob: string | null };

/** The account and limits a bearer token stands for; null when unknown, revoked or expired. Records its use. */
export async function authenticateToken(db: DbOrTx, token: string, now: Date): Promise<TokenPrincipal | null> {
  if (!token.startsWith(TOKEN_PREFIX)) return null;
  const [row] = await db
    .select({ token: apiTokens, user: { id: users.id, username: users.username, displayName: users.displayName, isAdmin: users.isAdmin } })
    .from(apiTokens)
    .innerJoin(users, eq(users.id, apiTokens.userId))
    .where(eq(apiTokens.tokenHash, secretHash(token)));
  if (!row || row.token.revokedAt || (row.token.expiresAt && row.token.expiresAt <= now)) return null;
  // Last-used is kept to the minute, so a busy CI token does not write on every request.
  if (!row.token.lastUsedAt || now.getTime() - row.token.lastUsedAt.getTime() > 60_000) {
    await db.update(apiTokens).set({ lastUsedAt: now }).where(eq(apiTokens.id, row.token.id));
  }
  return { user: row.user, tokenId: row.token.id, scopes: row.token.scopes as Scope[], packageGlob: row.token.packageGlob };
}

export function listTokens(db: DbOrTx, userId: number) {
  return db
    .select({ id: apiTokens.id, name: apiTokens.name, prefix: apiTokens.prefix, scopes: apiTokens.scopes, packageGlob: apiTokens.packageGlob, expiresAt: apiTokens.expiresAt, lastUsedAt: apiTokens.lastUsedAt, revokedAt: apiTokens.revokedAt, createdAt: apiTokens.createdAt })
    .from(apiTokens)
    .where(eq(apiTokens.userId, userId))
    .orderBy(desc(apiTokens.createdAt), desc(apiTokens.id));
}

/** Revokes one of the user's own tokens; false when there is no such live token of theirs. */
export async function revokeToken(db: DbOrTx, userId: number, tokenId: number, now: Date): Promise<boolean> {
  const rows = await db
    .update(apiTokens)
    .set({ revokedAt: now })
    .where(and(eq(apiTokens.id, tokenId), eq(apiTokens.userId, userId), isNull(apiTokens.revokedAt)))
    .returning({ id: apiTokens.id });
  return rows.length > 0;
}
