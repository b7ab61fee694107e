import { sql } from 'drizzle-orm';
import { bigint, bigserial, boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex } from 'drizzle-orm/pg-core';
import { packages } from './catalog.js';

/** A Ferrite account. `usernameKey` (lower-case) is the identity; `passwordHash` is argon2id, null for sign-in by GitHub only. */
export const users = pgTable(
  'users',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    username: text('username').notNull(),
    usernameKey: text('username_key').notNull(),
    displayName: text('display_name'),
    passwordHash: text('password_hash'),
    isAdmin: boolean('is_admin').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('users_username_key').on(t.usernameKey)],
);

/** Who the account is elsewhere: a GitHub login, a crates.io user, an npm name. Registry owners link to accounts through these. */
export const identities = pgTable(
  'identities',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    provider: text('provider').$type<'github' | 'crates.io' | 'npm'>().notNull(),
    login: text('login').notNull(),
    /** True when proven (GitHub OAuth); a typed-in name is a claim until then. */
    verified: boolean('verified').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('identities_provider_login').on(t.provider, sql`lower(${t.login})`), index('identities_user').on(t.userId)],
);

/** Lucia-guide sessions: `id` is the SHA-256 (hex) of the token in the cookie; the token itself is never stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp('last_seen_at', { withTimezone: true }).notNull().defaultNow(),
    userAgent: text('user_agent'),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

/** Failed sign-ins, per account and per address, for throttling. Old rows are pruned as new ones arrive. */
export const loginFailures = pgTable(
  'login_failures',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    key: text('key').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('login_failures_key_at').on(t.key, t.at)],
);

/** API tokens: shown once, stored as SHA-256; scopes and an optional package-name glob bound what they may do. */
export const apiTokens = pgTable(
  'api_tokens',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    tokenHash: text('token_hash').notNull(),
    /** The first characters of the token, so a list can say which one is which without revealing it. */
    prefix: text('prefix').notNull(),
    scopes: text('scopes').array().notNull(),
    packageGlob: text('package_glob'),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    lastUsedAt: timestamp('last_used_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('api_tokens_hash').on(t.tokenHash), index('api_tokens_user').on(t.userId)],
);

/** Who may change a package's metadata on Ferrite. */
export const packageOwners = pgTable(
  'package_owners',
  {
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    userId: bigint('user_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** `registry` (linked from crates.io/npm owners through an identity), `invitation`, `admin`. */
    via: text('via').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.packageId, t.userId] }), index('package_owners_user').on(t.userId)],
);

/** An owner's invitation to another account; it takes effect only when the invitee accepts. */
export const ownerInvitations = pgTable(
  'owner_invitations',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    packageId: bigint('package_id', { mode: 'number' }).notNull().references(() => packages.id, { onDelete: 'cascade' }),
    inviteeId: bigint('invitee_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    inviterId: bigint('inviter_id', { mode: 'number' }).notNull().references(() => users.id, { onDelete: 'cascade' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [uniqueIndex('owner_invitations_pending').on(t.packageId, t.inviteeId)],
);
