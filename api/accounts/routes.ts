import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { access, guarded } from './access.js';
import { AppError } from '../lib/problems.js';
import { ownedPackages, identitiesOf, revokeOwnToken } from './service.js';
import { ApiToken, Me } from './contracts.js';
import { requireUser } from './principal.js';
import { listTokens } from './tokens.js';

const tags = ['Accounts'];

const me = createRoute({
  method: 'get', path: '/api/v1/me', tags, summary: 'Who the credential belongs to', ...guarded(access.signedIn),
  description: 'The account behind the session or API token, the token\'s limits, linked identities and owned packages.',
  responses: { 200: jsonContent(Me, 'The account.'), ...authResponses, ...problemResponses },
});

const tokens = createRoute({
  method: 'get', path: '/api/v1/me/tokens', tags, summary: 'List your API tokens', ...guarded(access.session),
  description: 'A signed-in session only: a token cannot list its owner\'s other tokens. Never the tokens themselves: they are shown once, at creation (on the account page), and stored hashed.',
  responses: { 200: jsonContent(z.object({ items: z.array(ApiToken) }), 'Tokens, newest first.'), ...authResponses, ...problemResponses },
});

const revoke = createRoute({
  method: 'delete', path: '/api/v1/me/tokens/{id}', tags, summary: 'Revoke one of your API tokens', ...guarded(access.signedIn),
  description: 'A token may revoke itself (a CI job retiring its own credential); any of your tokens from a signed-in session on this site.',
  request: { params: z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) }) },
  responses: { 204: { description: 'Revoked.' }, ...authResponses, ...notFoundResponse, ...problemResponses },
});

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function accountApiRoutes({ database, clock }: AppDeps) {
  const { db } = database;
  return new OpenAPIHono<AppEnv>()
    .openapi(me, async (c) => {
      const p = c.get('principal');
      const user = requireUser(p);
      return c.json(
        {
          username: user.username,
          displayName: user.displayName,
          auth: p!.kind,
          token: p!.kind === 'token' ? { id: p!.tokenId, scopes: p!.scopes, packageGlob: p!.packageGlob } : null,
          identities: (await identitiesOf(db, user.id)).map((i) => ({ provider: i.provider, login: i.login, verified: i.verified })),
          ownedPackages: await ownedPackages(db, user.id),
        },
        200,
      );
    })
    .openapi(tokens, async (c) => {
      const user = requireUser(c.get('principal'));
      const rows = await listTokens(db, user.id);
      return c.json({ items: rows.map((t) => ({ ...t, scopes: t.scopes as z.infer<typeof ApiToken>['scopes'], expiresAt: iso(t.expiresAt), lastUsedAt: iso(t.lastUsedAt), revokedAt: iso(t.revokedAt), createdAt: t.createdAt.toISOString() })) }, 200);
    })
    .openapi(revoke, async (c) => {
      const p = c.get('principal');
      requireUser(p);
      const id = c.req.valid('param').id;
      // A token sees no token but itself: any other id is answered as missing.
      if (p!.kind === 'token' && p!.tokenId !== id) throw new AppError('notFound', { detail: 'A token may revoke only itself; manage your other tokens from the account page.' });
      await revokeOwnToken(database, p!, id, clock?.() ?? new Date());
      return c.body(null, 204);
    });
}
