import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import { bodyLimit } from 'hono/body-limit';
import { access, guarded } from '../accounts/access.js';
import { requireScope } from '../accounts/principal.js';
import type { AppDeps } from '../lib/deps.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { AppError } from '../lib/problems.js';
import { inviteOwner, ownersOf, removeOwner } from '../owners/service.js';
import { requirePackage } from '../packages/service.js';
import { MetadataManifest } from './manifest.js';
import { CompatReportBody, postCompatReport } from './reports.js';
import { metadataHistory, parseManifest, publishMetadata, readManifestBody } from './service.js';

const tags = ['Maintainers'];

const PackageParams = z.object({
  ecosystem: z.enum(['crates', 'npm']).openapi({ param: { name: 'ecosystem', in: 'path' } }),
  name: z.string().min(1).max(214).openapi({ param: { name: 'name', in: 'path' }, description: 'A scoped npm name is URL-encoded (`%40scope%2Fname`).', example: 'heapless' }),
});

const Revision = z.object({ revision: z.number().int(), manifest: MetadataManifest, format: z.string(), publishedBy: z.string(), tokenId: z.number().int().nullable(), publishedAt: z.string() }).openapi('MetadataRevision');

const getMetadata = createRoute({
  method: 'get', path: '/api/v1/packages/{ecosystem}/{name}/metadata', tags, summary: 'A package\'s published metadata and its history',
  request: { params: PackageParams },
  responses: { 200: jsonContent(z.object({ current: Revision.nullable(), history: z.array(Revision) }), 'The newest manifest first, with who published each and with which token.'), ...notFoundResponse, ...problemResponses },
});

const putMetadata = createRoute({
  method: 'put', path: '/api/v1/packages/{ecosystem}/{name}/metadata', tags, summary: 'Publish metadata for a package you own', ...guarded(access.token('metadata:write', 'checked')),
  description:
    'Needs a token with `metadata:write` whose glob covers the package, held by an owner. Send the manifest as `application/json` or the same structure as `application/toml`. ' +
    'Declarations are stored as a new revision and shown beside the inferred claims, never replacing them.',
  request: {
    params: PackageParams,
    // Not `required`: the JSON validator must run only for JSON bodies, TOML is read by the handler.
    body: { content: { 'application/json': { schema: MetadataManifest }, 'application/toml': { schema: z.string() } } },
  },
  responses: {
    201: jsonContent(
      z.object({
        revision: z.number().int(),
        versionsCovered: z.number().int(),
        claims: z.number().int(),
        log: z
          .object({ leafIndex: z.number().int(), leafHash: z.string() })
          .openapi({ description: 'Where this change sits in the signed transparency log: fetch its receipt at `/api/v1/log/proof/inclusion?hash=<leafHash>`.' }),
      }),
      'Published.',
    ), ...authResponses, ...notFoundResponse, ...problemResponses },
});

const postReport = createRoute({
  method: 'post', path: '/api/v1/compat-reports', tags, summary: 'Report a CI build or test result (verified evidence)', ...guarded(access.token('compat:report', 'checked')),
  description: 'Needs a `compat:report` token of an owner of the crate. Per version and target, the latest result wins; disagreeing earlier reports are listed as conflicts.',
  request: { body: { required: true, content: { 'application/json': { schema: CompatReportBody } } } },
  responses: { 201: jsonContent(z.object({ id: z.number().int(), crate: z.string(), version: z.string(), target: z.string(), result: z.enum(['pass', 'fail']), createdAt: z.string() }), 'Stored and aggregated.'), ...authResponses, ...notFoundResponse, ...problemResponses },
});

const Owner = z.object({ username: z.string(), displayName: z.string().nullable(), via: z.string(), since: z.string() }).openapi('Owner');
const listOwners = createRoute({
  method: 'get', path: '/api/v1/packages/{ecosystem}/{name}/owners', tags, summary: 'A package\'s owners on Ferrite',
  request: { params: PackageParams },
  responses: { 200: jsonContent(z.object({ items: z.array(Owner) }), 'Owners.'), ...notFoundResponse, ...problemResponses },
});
const invite = createRoute({
  method: 'post', path: '/api/v1/packages/{ecosystem}/{name}/owners', tags, summary: 'Invite an account to own the package', ...guarded(access.token('owners:manage', 'checked')),
  description: 'Needs an `owners:manage` token of an owner. The invitee becomes an owner only by accepting on their account page.',
  request: { params: PackageParams, body: { required: true, content: { 'application/json': { schema: z.object({ username: z.string().min(1).max(39) }).strict() } } } },
  responses: { 201: jsonContent(z.object({ invitation: z.number().int(), expiresAt: z.string() }), 'Invitation sent.'), ...authResponses, ...notFoundResponse, ...problemResponses },
});
const remove = createRoute({
  method: 'delete', path: '/api/v1/packages/{ecosystem}/{name}/owners/{username}', tags, summary: 'Remove an owner (yourself included)', ...guarded(access.token('owners:manage', 'checked')),
  description: 'Needs an `owners:manage` token of an owner. The last owner cannot leave.',
  request: { params: PackageParams.extend({ username: z.string().min(1).max(39).openapi({ param: { name: 'username', in: 'path' } }) }) },
  responses: { 204: { description: 'Removed.' }, ...authResponses, ...notFoundResponse, ...problemResponses },
});

/** Manifests and reports are small; anything larger is refused before it is read. */
const limit = bodyLimit({ maxSize: 64 * 1024, onError: () => { throw new AppError('payloadTooLarge', { detail: 'Bodies are limited to 64 KiB.' }); } });

export function maintainerRoutes({ database, clock }: AppDeps) {
  const { db } = database;
  const now = () => clock?.() ?? new Date();
  const app = new OpenAPIHono<AppEnv>();
  app.use('/api/v1/packages/*', limit);
  app.use('/api/v1/compat-reports', limit);
  return app
    .openapi(getMetadata, async (c) => {
      const { ecosystem, name } = c.req.valid('param');
      const pkg = await requirePackage(db, ecosystem, name);
      const history = (await metadataHistory(db, pkg.id)).map((r) => ({ ...r, publishedAt: r.publishedAt.toISOString() }));
      return c.json({ current: history[0] ?? null, history }, 200);
    })
    .openapi(putMetadata, async (c) => {
      const { ecosystem, name } = c.req.valid('param');
      const p = c.get('principal');
      const type = c.req.header('content-type') ?? '';
      if (!type) throw new AppError('invalidRequest', { detail: 'Send the manifest as application/json or application/toml.' });
      const manifest = /toml/.test(type) ? readManifestBody(await c.req.text(), 'toml') : parseManifest(c.req.valid('json'));
      const r = await publishMetadata(database, p, ecosystem, name, manifest, /toml/.test(type) ? 'toml' : 'json', now());
      return c.json(r, 201);
    })
    .openapi(postReport, async (c) => {
      const p = c.get('principal');
      return c.json(await postCompatReport(database, p, c.req.valid('json'), now()), 201);
    })
    .openapi(listOwners, async (c) => {
      const { ecosystem, name } = c.req.valid('param');
      const pkg = await requirePackage(db, ecosystem, name);
      const rows = await ownersOf(db, pkg.id);
      return c.json({ items: rows.map((o) => ({ ...o, since: o.since.toISOString() })) }, 200);
    })
    .openapi(invite, async (c) => {
      const { ecosystem, name } = c.req.valid('param');
      const p = c.get('principal');
      const pkg = await requirePackage(db, ecosystem, name);
      requireScope(p, 'owners:manage', pkg.name);
      const inv = await inviteOwner(database, p!, pkg, c.req.valid('json').username, now());
      return c.json({ invitation: inv.id, expiresAt: inv.expiresAt.toISOString() }, 201);
    })
    .openapi(remove, async (c) => {
      const { ecosystem, name, username } = c.req.valid('param');
      const p = c.get('principal');
      const pkg = await requirePackage(db, ecosystem, name);
      requireScope(p, 'owners:manage', pkg.name);
      await removeOwner(database, p!, pkg, username, now());
      return c.body(null, 204);
    });
}
