import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import { access, guarded } from '../accounts/access.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { councilView, listCouncils, proposalView } from './queries.js';
import { castBallot, createProposal, openProposal, raiseConcern, recuse, resolveConcern, withdrawProposal } from './service.js';
import { BallotReceipt } from '../transparency/contracts.js';
import { receipt as logReceipt } from '../transparency/service.js';

const tags = ['Governance'];
const Id = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' } }) });
const Slug = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,64}$/).openapi({ param: { name: 'slug', in: 'path' } }) });
const Json = z.record(z.string(), z.unknown());
const write = (path: string, summary: string, description: string, body: z.ZodType, params: z.ZodObject = Id, answer: z.ZodType = Json) =>
  createRoute({
    method: 'post', path, tags, summary, description, ...guarded(access.token('governance:vote', 'refused')),
    request: { params, body: { required: true, content: { 'application/json': { schema: body } } } },
    responses: { 200: jsonContent(answer, 'Done; ballots and concerns return their receipt (log entry hash).'), 201: jsonContent(Json, 'Created.'), ...authResponses, ...notFoundResponse, 409: jsonContent(Json, 'Not possible in the proposal\'s state (closed, not a draft…).'), ...problemResponses },
  });

const councilsRoute = createRoute({ method: 'get', path: '/api/v1/councils', tags, summary: 'List councils', responses: { 200: jsonContent(z.object({ items: z.array(Json) }), 'Councils.'), ...problemResponses } });
const councilRoute = createRoute({ method: 'get', path: '/api/v1/councils/{slug}', tags, summary: 'A council: charter, members, proposals', request: { params: Slug }, responses: { 200: jsonContent(Json, 'The council.'), ...notFoundResponse, ...problemResponses } });
const proposalRoute = createRoute({
  method: 'get', path: '/api/v1/proposals/{id}', tags, summary: 'A proposal with its rules, electorate and tally',
  description: 'The tally is live for open public ballots; for open secret ones only who voted is shown; closed proposals carry their final result.',
  request: { params: Id }, responses: { 200: jsonContent(Json, 'The proposal.'), ...notFoundResponse, ...problemResponses },
});
const logRoute = createRoute({
  method: 'get', path: '/api/v1/proposals/{id}/log', tags, summary: 'The proposal\'s public, hash-chained log',
  description: 'Each entry hashes the previous one. Secret ballots appear as commitments until the close reveals them. `ferrite verify` recomputes the chain and the tally from this alone.',
  request: { params: Id }, responses: { 200: jsonContent(z.object({ proposal: z.number().int(), entries: z.array(Json) }), 'Entries in order.'), ...notFoundResponse, ...problemResponses },
});

/** Path ids were validated as positive integers by the route's schema. */
const idOf = (params: unknown) => (params as { id: number }).id;

export function governanceRoutes({ database, clock, publicUrl }: AppDeps) {
  const { db } = database;
  const now = () => clock?.() ?? new Date();
  // The route's access rule has checked the token and its scope.
  const p = (c: { get: (k: 'principal') => AppEnv['Variables']['principal'] }) => c.get('principal');
  return new OpenAPIHono<AppEnv>()
    .openapi(councilsRoute, async (c) => c.json({ items: await listCouncils(db) }, 200))
    .openapi(councilRoute, async (c) => c.json(await councilView(db, c.req.valid('param').slug, c.get('principal')?.user), 200))
    .openapi(proposalRoute, async (c) => {
      const v = await proposalView(db, idOf(c.req.valid('param')), now(), c.get('principal')?.user);
      const p = v.proposal;
      // The public shape: the author by name, never internal ids; `result` is published as `tally`.
      return c.json({
        id: p.id, council: v.council.slug, kind: p.kind, title: p.title, body: p.body, action: p.action, options: p.options, author: v.author,
        status: p.status, createdAt: p.createdAt, openedAt: p.openedAt, minCloseAt: p.minCloseAt, closesAt: p.closesAt, fcpEndsAt: p.fcpEndsAt, closedAt: p.closedAt,
        rules: v.rules, tally: v.tally, hidden: v.hidden, electorate: v.electorate, concerns: v.concerns, decisions: v.decisions,
      }, 200);
    })
    .openapi(logRoute, async (c) => {
      const id = idOf(c.req.valid('param'));
      const v = await proposalView(db, id, now(), c.get('principal')?.user);
      return c.json({ proposal: id, entries: v.log }, 200);
    })
    .openapi(write('/api/v1/councils/{slug}/proposals', 'Draft a proposal (members)', 'Needs a `governance:vote` token of an active member. Rules are checked now and frozen when the proposal opens.', Json, Slug), async (c) => {
      const row = await createProposal(database, p(c), (c.req.valid('param') as { slug: string }).slug, c.req.valid('json'), now());
      return c.json({ id: row.id, status: row.status }, 201);
    })
    .openapi(write('/api/v1/proposals/{id}/open', 'Open a draft (author or chair)', 'Freezes the rules and snapshots the electorate.', z.object({}).strict()), async (c) => {
      await openProposal(database, p(c), idOf(c.req.valid('param')), now());
      return c.json({ status: 'open' }, 200);
    })
    .openapi(write('/api/v1/proposals/{id}/withdraw', 'Withdraw a proposal (author)', 'Only while it is a draft or open.', z.object({}).strict()), async (c) => {
      await withdrawProposal(database, p(c), idOf(c.req.valid('param')), now());
      return c.json({ status: 'withdrawn' }, 200);
    })
    .openapi(write('/api/v1/proposals/{id}/ballots', 'Cast or change your ballot', 'One ballot per member, changeable until close (every change is logged). `choice` is `{"choice": "yes"}`, `{"approve": [...]}` or `{"ranking": [...]}` by method. The answer is your receipt: the log entry, its inclusion proof and the signed checkpoint; keep it for `ferrite verify --receipt`.', z.object({ choice: Json, reason: z.string().max(2000).optional() }).strict(), Id, BallotReceipt), async (c) => {
      const body = c.req.valid('json') as { choice: Record<string, unknown>; reason?: string };
      const cast = await castBallot(database, p(c), idOf(c.req.valid('param')), body, now());
      return c.json({ ...(await logReceipt(database, publicUrl, { hash: cast.receipt })), receipt: cast.receipt, version: cast.version }, 200);
    })
    .openapi(write('/api/v1/proposals/{id}/recuse', 'Recuse yourself for a conflict of interest', 'Removes you from the quorum base; a ballot you cast no longer counts.', z.object({ reason: z.string().max(2000) }).strict()), async (c) => {
      return c.json({ receipt: await recuse(database, p(c), idOf(c.req.valid('param')), (c.req.valid('json') as { reason: string }).reason, now()) }, 200);
    })
    .openapi(write('/api/v1/proposals/{id}/concerns', 'Raise a concern (consent/FCP)', 'An open concern blocks the final comment period until its author resolves it.', z.object({ text: z.string().max(5000) }).strict()), async (c) => {
      return c.json(await raiseConcern(database, p(c), idOf(c.req.valid('param')), (c.req.valid('json') as { text: string }).text, now()), 201);
    })
    .openapi(write('/api/v1/proposals/{id}/concerns/{concern}/resolve', 'Resolve your concern', 'Only its author resolves a concern.', z.object({}).strict(), Id.extend({ concern: z.coerce.number().int().positive().openapi({ param: { name: 'concern', in: 'path' } }) })), async (c) => {
      const { id, concern } = c.req.valid('param') as { id: number; concern: number };
      return c.json(await resolveConcern(database, p(c), id, concern, now()), 200);
    });
}
