import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.js';
import { tokenFlashes } from '../db/schema/index.js';

/** Long enough to follow the redirect, short enough that a forgotten tab shows nothing later. */
const FLASH_MS = 5 * 60 * 1000;

/** The sealing key comes from the session cookie's secret, which only the browser holds (the database keeps its hash). */
const keyOf = (cookieToken: string) => createHash('sha256').update(`ferrite token flash\0${cookieToken}`).digest();

function seal(plain: string, cookieToken: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(cookieToken), iv);
  const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), body].map((b) => b.toString('base64url')).join('.');
}

function unseal(sealed: string, cookieToken: string): string | null {
  const [iv, tag, body] = sealed.split('.').map((p) => Buffer.from(p, 'base64url'));
  if (!iv || !tag || !body) return null;
  try {
    const decipher = createDecipheriv('aes-256-gcm', keyOf(cookieToken), iv);
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]).toString('utf8');
  } catch {
    return null;
  }
}

/** Keeps a just-created token for the page the creating POST redirects to; one per session, the newest wins. */
export async function flashToken(db: DbOrTx, session: { id: string; cookieToken: string }, tokenId: number, token: string, now: Date) {
  const row = { sessionId: session.id, tokenId, sealed: seal(token, session.cookieToken), expiresAt: new Date(now.getTime() + FLASH_MS) };
  await db.insert(tokenFlashes).values(row).onConflictDoUpdate({ target: tokenFlashes.sessionId, set: { tokenId: row.tokenId, sealed: row.sealed, expiresAt: row.expiresAt } });
}

/** The flashed token, once: reading deletes it, so a reload or the back button never shows it again. */
export async function takeFlashedToken(db: DbOrTx, session: { id: string; cookieToken: string }, now: Date): Promise<string | null> {
  const [row] = await db.delete(tokenFlashes).where(eq(tokenFlashes.sessionId, session.id)).returning();
  if (!row || row.expiresAt <= now) return null;
  return unseal(row.sealed, session.cookieToken);
}
