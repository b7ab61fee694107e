import { z } from '@hono/zod-openapi';
import { GLOB_PATTERN, SCOPES } from './scopes.js';

export const Username = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9][A-Za-z0-9-]{1,38}$/, '2–39 letters, digits or dashes, starting with a letter or digit');
/** Long passphrases welcome; a floor of 10 characters, and a ceiling so hashing cannot be abused. */
export const Password = z.string().min(10, 'at least 10 characters').max(256, 'at most 256 characters');

export const SignUpForm = z.object({ username: Username, password: Password, displayName: z.string().trim().max(100).optional().transform((v) => v || null) });
export const SignInForm = z.object({ username: z.string().trim().min(1, 'required').max(39), password: z.string().min(1, 'required').max(256) });
export const ChangePasswordForm = z.object({ current: z.string().min(1, 'required').max(256), next: Password });

const many = <T extends z.ZodTypeAny>(item: T) => z.union([item, z.array(item)]).transform((v) => (Array.isArray(v) ? v : [v]));

export const NewTokenForm = z.object({
  name: z.string().trim().min(1, 'give the token a name').max(64),
  scopes: many(z.enum(SCOPES)).pipe(z.array(z.enum(SCOPES)).min(1, 'pick at least one scope')),
  packageGlob: z
    .string()
    .trim()
    .max(214)
    .optional()
    .transform((v) => v || null)
    .pipe(z.string().regex(GLOB_PATTERN, 'a package name with * or ? wildcards, e.g. tokio-* or @napi-rs/*').nullable()),
  expiresInDays: z.enum(['7', '30', '90', '365', 'never']).default('90'),
});

export const IdentityForm = z.object({
  provider: z.enum(['crates.io', 'npm']),
  login: z.string().trim().regex(/^@?[A-Za-z0-9][A-Za-z0-9._-]{0,213}$/, 'a user name as that registry shows it'),
});

export const ApiToken = z
  .object({
    id: z.number().int(),
    name: z.string(),
    prefix: z.string().openapi({ description: 'The first characters of the token, to tell tokens apart.' }),
    scopes: z.array(z.enum(SCOPES)),
    packageGlob: z.string().nullable(),
    expiresAt: z.string().nullable(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    createdAt: z.string(),
  })
  .openapi('ApiToken');

export const Me = z
  .object({
    username: z.string(),
    displayName: z.string().nullable(),
    auth: z.enum(['session', 'token']),
    token: z.object({ id: z.number().int(), scopes: z.array(z.string()), packageGlob: z.string().nullable() }).nullable(),
    identities: z.array(z.object({ provider: z.string(), login: z.string(), verified: z.boolean() })),
    ownedPackages: z.array(z.object({ ecosystem: z.enum(['crates', 'npm']), name: z.string() })),
  })
  .openapi('Me');
