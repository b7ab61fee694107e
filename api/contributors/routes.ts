import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import { access, guarded } from '../accounts/access.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { requireCrateVersion, requirePackage } from '../packages/service.js';
import { AffiliationInput, addAffiliation, removeAffiliation } from './affiliations.js';
import { Affiliation, AffiliationParams, Leaderboard, LeaderboardQuery, MergeDecision, PackageContributors, PackageParams, IdParam, PersonView, ReleaseParams, ReleaseThanks, Unmerged, Visibility } from './contracts.js';
import { decideSuggestion, leaderboard, packageContributors, personView, setHidden, thanks, unmerge } from './service.js';

/** The web leaderboard validates its query with the API's contract. */
export { LeaderboardQuery } from './contracts.js';

const tags = ['Contributors'];
type PersonVotes = z.infer<typeof PersonView>['votes'];
/** Profile changes concern a person, not a package: a glob-limited token may not make them. */
const profileWrite = { tags, ...guarded(access.token('profile:write', 'refused')) } as const;
const readErrors = { ...notFoundResponse, ...problemResponses };
const writeErrors = { ...authResponses, ...notFoundResponse, ...problemResponses };

const personRoute = createRoute({
  method: 'get', path: '/api/v1/people/{id}', tags, summary: 'A person: identities, packages, contributions by type and year, councils, public votes',
  description: 'Hidden profiles are not found. No e-mail address is ever stored or shown.',
  request: { params: IdParam }, responses: { 200: jsonContent(PersonView, 'The person.'), ...readErrors },
});
const packageRoute = createRoute({
  method: 'get', path: '/api/v1/packages/{ecosystem}/{name}/contributors', tags, summary: 'A package\'s contributors and health',
  description: 'Health figures come with their formulas. An old last release is not by itself a sign of abandonment. `maintenance` puts the status the owners declare beside RustSec\'s `unmaintained` notices on the current version.',
  request: { params: PackageParams }, responses: { 200: jsonContent(PackageContributors, 'Contributors and health.'), ...readErrors },
});
const leaderboardRoute = createRoute({
  method: 'get', path: '/api/v1/contributors', tags, summary: 'Leaderboard by weighted contributions',
  description: 'Per period, contribution type (not only code), category or target profile.',
  request: { query: LeaderboardQuery }, responses: { 200: jsonContent(Leaderboard, 'People, most weight first.'), ...readErrors },
});
const thanksRoute = createRoute({
  method: 'get', path: '/api/v1/crates/{name}/{version}/thanks', tags, summary: 'Who is credited for one release',
  request: { params: ReleaseParams }, responses: { 200: jsonContent(ReleaseThanks, 'The people credited.'), ...readErrors },
});
const acceptRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/merge-suggestions/{id}/accept', summary: 'Accept a merge suggestion',
  description: 'A person involved (through their account) or an admin. Reversible: see undo.',
  request: { params: IdParam }, responses: { 200: jsonContent(MergeDecision, 'Merged.'), ...writeErrors },
});
const rejectRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/merge-suggestions/{id}/reject', summary: 'Reject a merge suggestion', description: 'A person involved or an admin.',
  request: { params: IdParam }, responses: { 200: jsonContent(MergeDecision, 'Rejected.'), ...writeErrors },
});
const undoRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/merges/{id}/undo', summary: 'Undo a merge', description: 'Moves back exactly the identities the merge moved; logged.',
  request: { params: IdParam }, responses: { 200: jsonContent(Unmerged, 'Undone.'), ...writeErrors },
});
const hideRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/{id}/hide', summary: 'Hide your contributor profile', description: 'Removes the person from public pages and the API.',
  request: { params: IdParam }, responses: { 200: jsonContent(Visibility, 'Hidden.'), ...writeErrors },
});
const showRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/{id}/show', summary: 'Show your contributor profile again', description: 'Undoes hide.',
  request: { params: IdParam }, responses: { 200: jsonContent(Visibility, 'Shown.'), ...writeErrors },
});
const addAffiliationRoute = createRoute({
  ...profileWrite, method: 'post', path: '/api/v1/people/{id}/affiliations', summary: 'Declare an affiliation',
  description: 'The person (through their account) or an admin. Affiliations feed the elephant factor, over contributions made within their dates.',
  request: { params: IdParam, body: { required: true, content: { 'application/json': { schema: AffiliationInput } } } },
  responses: { 201: jsonContent(Affiliation, 'Added.'), ...writeErrors },
});
const removeAffiliationRoute = createRoute({
  ...profileWrite, method: 'delete', path: '/api/v1/people/{id}/affiliations/{affiliation}', summary: 'Remove an affiliation', description: 'The person or an admin; logged.',
  request: { params: AffiliationParams }, responses: { 204: { description: 'Removed.' }, ...writeErrors },
});

export function contributorRoutes({ database, clock }: AppDeps) {
  const now = () => clock?.() ?? new Date();
  return new OpenAPIHono<AppEnv>()
    .openapi(personRoute, async (c) => {
      const v = await personView(database, c.req.valid('param').id);
      // SQL reads each ballot's stored JSON untyped; castBallot wrote it as a Ballot.
      return c.json({ ...v, votes: v.votes as PersonVotes }, 200);
    })
    .openapi(packageRoute, async (c) => {
      const { ecosystem, name } = c.req.valid('param');
      const pkg = await requirePackage(database.db, ecosystem, name);
      return c.json(await packageContributors(database, pkg, now()), 200);
    })
    .openapi(leaderboardRoute, async (c) => c.json({ items: await leaderboard(database, c.req.valid('query'), now()) }, 200))
    .openapi(thanksRoute, async (c) => {
      const { name, version } = c.req.valid('param');
      const r = await requireCrateVersion(database.db, name, version);
      return c.json({ crate: r.pkg.name, version: r.version.num, people: await thanks(database, r.version.id, r.pkg.id, r.version.publishedAt) }, 200);
    })
    .openapi(acceptRoute, async (c) => c.json(await decideSuggestion(database, c.get('principal'), c.req.valid('param').id, true, now()), 200))
    .openapi(rejectRoute, async (c) => c.json(await decideSuggestion(database, c.get('principal'), c.req.valid('param').id, false, now()), 200))
    .openapi(undoRoute, async (c) => c.json(await unmerge(database, c.get('principal'), c.req.valid('param').id, now()), 200))
    .openapi(hideRoute, async (c) => {
      await setHidden(database, c.get('principal'), c.req.valid('param').id, true, now());
      return c.json({ hidden: true }, 200);
    })
    .openapi(showRoute, async (c) => {
      await setHidden(database, c.get('principal'), c.req.valid('param').id, false, now());
      return c.json({ hidden: false }, 200);
    })
    .openapi(addAffiliationRoute, async (c) => c.json(await addAffiliation(database, c.get('principal'), c.req.valid('param').id, c.req.valid('json'), now()), 201))
    .openapi(removeAffiliationRoute, async (c) => {
      const { id, affiliation } = c.req.valid('param');
      await removeAffiliation(database, c.get('principal'), id, affiliation, now());
      return c.body(null, 204);
    });
}
