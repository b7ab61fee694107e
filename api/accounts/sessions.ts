import { eq } from 'drizzle-orm';
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import type { DbOrTx } from '../db/client.js';
import { sessions, users } from '../db/schema/index.js';
import { randomSecret, secretHash } from './secrets.js';

/** Sessions as Lucia's guide teaches them: 30 days, extended when half is used up. */
const DAY = 24 * 60 * 60 * 1000;
export const SESSION_MS = 30 * DAY;
export const SESSION_COOKIE = 'ferrite_session';
/**
 * Over https the cookie carries the `__Host-` prefix: browsers then accept it only with Secure, from
 * this host, for path `/`, so no subdomain or plain-http page can plant or shadow a session.
 */
export const sessionCookieName = (secure: boolean) => (secure ? `__Host-${SESSION_COOKIE}` : SESSION_COOKIE);

export type SessionUser = { id: number; username: string; displayName: string | null; isAdmin: boolean };
export type Session = { id: string; userId: number; expiresAt: Date };

export async function createSession(db: DbOrTx, userId: number, now: Date, userAgent?: string): Promise<{ token: string; session: Session }> {
  const token = randomSecret();
  const session = { id: secretHash(token), userId, expiresAt: new Date(now.getTime() + SESSION_MS) };
  await db.insert(sessions).values({ ...session, createdAt: now, lastSeenAt: now, userAgent: userAgent?.slice(0, 300) ?? null });
  return { token, session };
}

/** The session and user a cookie's token stands for, or null; expired sessions are deleted, live ones slide forward. */
export async function validateSessionToken(db: DbOrTx, token: string, now: Date): Promise<{ session: Session; user: SessionUser } | null> {
  const id = secretHash(token);
  const [row] = await db
    .select({ id: sessions.id, userId: sessions.userId, expiresAt: sessions.expiresAt, lastSeenAt: sessions.lastSeenAt, username: users.username, displayName: users.displayName, isAdmin: users.isAdmin })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, id));
  if (!row) return null;
  if (now >= row.expiresAt) {
    await db.delete(sessions).where(eq(sessions.id, id));
    return null;
  }
  let expiresAt = row.expiresAt;
  if (row.expiresAt.getTime() - now.getTime() < SESSION_MS / 2) {
    expiresAt = new Date(now.getTime() + SESSION_MS);
    await db.update(sessions).set({ expiresAt, lastSeenAt: now }).where(eq(sessions.id, id));
  } else if (now.getTime() - row.lastSeenAt.getTime() > 60_000) {
    await db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, id));
  }
  return { session: { id, userId: row.userId, expiresAt }, user: { id: row.userId, username: row.username, displayName: row.displayName, isAdmin: row.isAdmin } };
}

export const invalidateSession = (db: DbOrTx, id: string) => db.delete(sessions).where(eq(sessions.id, id));

/** HttpOnly, SameSite=Lax, Secure whenever the hub is served over https. */
export function setSessionCookie(c: Context, token: string, expiresAt: Date, secure: boolean) {
  setCookie(c, sessionCookieName(secure), token, { httpOnly: true, sameSite: 'Lax', secure, path: '/', expires: expiresAt, ...(secure ? { prefix: 'host' as const } : {}) });
}

export const readSessionCookie = (c: Context, secure: boolean) => (secure ? getCookie(c, SESSION_COOKIE, 'host') : getCookie(c, SESSION_COOKIE));
export const clearSessionCookie = (c: Context, secure: boolean) =>
  secure ? deleteCookie(c, SESSION_COOKIE, { path: '/', secure, httpOnly: true, sameSite: 'Lax', prefix: 'host' }) : deleteCookie(c, SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'Lax' });
