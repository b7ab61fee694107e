import { bigint, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { apiTokens, sessions } from './accounts.js';

/**
 * A new API token waiting to be shown once, after the POST that made it redirects (POST-redirect-GET).
 * The token is sealed with a key derived from the session's cookie, which the server never stores,
 * so the row alone reveals nothing; reading it deletes it, and it expires within minutes.
 */
export const tokenFlashes = pgTable('token_flashes', {
  sessionId: text('session_id').primaryKey().references(() => sessions.id, { onDelete: 'cascade' }),
  tokenId: bigint('token_id', { mode: 'number' }).notNull().references(() => apiTokens.id, { onDelete: 'cascade' }),
  sealed: text('sealed').notNull(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
});
