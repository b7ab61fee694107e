import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import { access, guarded } from '../accounts/access.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { requireCrateVersion, requirePackage } from '../packages/service.js';
import { AffiliationInput, addAffiliation, removeAffiliation } from './affiliations.js';
import { CONTRIBUTION_TYPES, decideSuggestion, leaderboard, packageContributors, personView, setHidden, thanks, unmerge } from './service.js';

const tags = ['Contributors'];
/** Profile changes concern a person, not a package: a glob-limited token may not make them. */
const profileWrite = access.token('profile:write', 'refused');
const Json = z.record(z.string(), z.unknown());
const Id = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) });
const PackageParams = z.object({ ecosystem: z.enum(['crates', 'npm']).openapi({ param: { name: 'ecosystem', in: 'path' } }), name: z.string().min(1).max(214).openapi({ param: { name: 'name', in: 'path' } }) });
export const LeaderboardQuery = z.object({
  days: z.coerce.number().int().min(1).max(3650).default(365).openapi({ description: 'The period, in days back from now.' }),
  type: z.enum(CONTRIBUTION_TYPES).optional(),
  category: z.string().regex(/^[a-z0-9-]+(::[a-z0-9-]+)*$/).optional(),
  profile: z.enum(['cloud', 'wasm', 'embedded', 'wasi', 'mobile']).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(25),
});

const get = (path: string, summary: string, request: Record<string, unknown>, description = '') =>
  createRoute({ method: 'get', path, tags, summary, description, request, responses: { 200: jsonContent(Json, 'OK.'), ...notFoundResponse, ...problemResponses } });
const post = (path: string, summary: string, description: string) =>
  createRoute({ method: 'post', path, tags, summary, description, ...guarded(profileWrite), request: { params: Id }, responses: { 200: jsonContent(Json, 'Done.'), ...authResponses, ...notFoundResponse, ...problemResponses } });

const addAffiliationRoute = createRoute({
  method: 'post', path: '/api/v1/people/{id}/affiliations', tags, ...guarded(profileWrite),
  summary: 'Declare an affiliation',
  description: 'The person (through their account) or an admin. Affiliations feed the elephant factor, over contributions made within their dates.',
  request: { params: Id, body: { required: true, content: { 'application/json': { schema: AffiliationInput } } } },
  responses: { 201: jsonContent(z.object({ id: z.number(), org: z.string(), since: z.string().nullable(), until: z.string().nullable() }), 'Added.'), ...authResponses, ...notFoundResponse, ...problemResponses },
});
const removeAffiliationRoute = createRoute({
  method: 'delete', path: '/api/v1/people/{id}/affiliations/{affiliation}', tags, ...guarded(profileWrite),
  summary: 'Remove an affiliation', description: 'The person or an admin; logged.',
  request: { params: Id.extend({ affiliation: z.coerce.number().int().positive().openapi({ param: { name: 'affiliation', in: 'path' } }) }) },
  responses: { 204: { description: 'Removed.' }, ...authResponses, ...notFoundResponse, ...problemResponses },
});

export function contributorRoutes({ database, clock }: AppDeps) {
  const now = () => clock?.() ?? new Date();
  const idOf = (p: unknown) => (p as { id: number }).id;
  return new OpenAPIHono<AppEnv>()
    .openapi(get('/api/v1/people/{id}', 'A person: identities, packages, contributions by type and year, councils, public votes', { params: Id }, 'Hidden profiles are not found. No e-mail address is ever stored or shown.'), async (c) =>
      c.json(await personView(database, idOf(c.req.valid('param' as never))), 200),
    )
    .openapi(get('/api/v1/packages/{ecosystem}/{name}/contributors', 'A package\'s contributors and health', { params: PackageParams }, 'Health figures come with their formulas. An old last release is not by itself a sign of abandonment.'), async (c) => {
      const { ecosystem, name } = c.req.valid('param' as never) as z.infer<typeof PackageParams>;
      const pkg = await requirePackage(database.db, ecosystem, name);
      return c.json(await packageContributors(database, pkg.id, now()), 200);
    })
    .openapi(get('/api/v1/contributors', 'Leaderboard by weighted contributions', { query: LeaderboardQuery }, 'Per period, contribution type (not only code), category or target profile.'), async (c) =>
      c.json({ items: await leaderboard(database, c.req.valid('query' as never) as z.infer<typeof LeaderboardQuery>, now()) }, 200),
    )
    .openapi(get('/api/v1/crates/{name}/{version}/thanks', 'Who is credited for one release', { params: z.object({ name: z.string().openapi({ param: { name: 'name', in: 'path' } }), version: z.string().openapi({ param: { name: 'version', in: 'path' } }) }) }), async (c) => {
      const { name, version } = c.req.valid('param' as never) as { name: string; version: string };
      const r = await requireCrateVersion(database.db, name, version);
      return c.json({ crate: r.pkg.name, version: r.version.num, people: await thanks(database, r.version.id, r.pkg.id, r.version.publishedAt) }, 200);
    })
    .openapi(post('/api/v1/people/merge-suggestions/{id}/accept', 'Accept a merge suggestion', 'A person involved (through their account) or an admin. Reversible: see undo.'), async (c) => {
      return c.json(await decideSuggestion(database, c.get('principal'), idOf(c.req.valid('param' as never)), true, now()), 200);
    })
    .openapi(post('/api/v1/people/merge-suggestions/{id}/reject', 'Reject a merge suggestion', 'A person involved or an admin.'), async (c) => {
      return c.json(await decideSuggestion(database, c.get('principal'), idOf(c.req.valid('param' as never)), false, now()), 200);
    })
    .openapi(post('/api/v1/people/merges/{id}/undo', 'Undo a merge', 'Moves back exactly the identities the merge moved; logged.'), async (c) => {
      return c.json(await unmerge(database, c.get('principal'), idOf(c.req.valid('param' as never)), now()), 200);
    })
    .openapi(post('/api/v1/people/{id}/hide', 'Hide your contributor profile', 'Removes the person from public pages and the API.'), async (c) => {
      await setHidden(database, c.get('principal'), idOf(c.req.valid('param' as never)), true, now());
      return c.json({ hidden: true }, 200);
    })
    .openapi(post('/api/v1/people/{id}/show', 'Show your contributor profile again', 'Undoes hide.'), async (c) => {
      await setHidden(database, c.get('principal'), idOf(c.req.valid('param' as never)), false, now());
      return c.json({ hidden: false }, 200);
    })
    .openapi(addAffiliationRoute, async (c) => {
      const added = await addAffiliation(database, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), now());
      return c.json(added, 201);
    })
    .openapi(removeAffiliationRoute, async (c) => {
      const { id, affiliation } = c.req.valid('param');
      await removeAffiliation(database, c.get('principal'), id, affiliation, now());
      return c.body(null, 204);
    });
}
