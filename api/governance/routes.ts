import { createRoute, OpenAPIHono, type z } from '@hono/zod-openapi';
import type { AppDeps } from '../lib/deps.js';
import { access, guarded } from '../accounts/access.js';
import type { AppEnv } from '../lib/env.js';
import { authResponses, jsonContent, notFoundResponse, problemResponses } from '../lib/openapi.js';
import { councilView, listCouncils, proposalView } from './queries.js';
import { castBallot, createProposal, openProposal, raiseConcern, recuse, resolveConcern, withdrawProposal } from './service.js';
import { BallotReceipt } from '../transparency/contracts.js';
import { receipt as logReceipt } from '../transparency/service.js';
import {
  BallotInput, ConcernInput, ConcernParams, ConcernRaised, conflictResponse, CouncilList, CouncilSlugParam, CouncilView, GovernanceLog, type GovernanceLogEntry,
  GovernanceReceipt, type Method, NoBody, type ProposalAction, ProposalCreated, ProposalDraft, ProposalIdParam, ProposalStatusAnswer, ProposalView, RecusalInput, type Tally,
} from './contracts.js';

const tags = ['Governance'];
/** A member's write: a `governance:vote` token, a JSON body, and the proposal's state may refuse it (409). */
const memberWrite = { method: 'post', tags, ...guarded(access.token('governance:vote', 'refused')) } as const;
const json = <T extends z.ZodType>(schema: T) => ({ required: true, content: { 'application/json': { schema } } });
const writeErrors = { ...authResponses, ...notFoundResponse, ...conflictResponse, ...problemResponses };

const councilsRoute = createRoute({ method: 'get', path: '/api/v1/councils', tags, summary: 'List councils', responses: { 200: jsonContent(CouncilList, 'Councils.'), ...problemResponses } });
const councilRoute = createRoute({ method: 'get', path: '/api/v1/councils/{slug}', tags, summary: 'A council: charter, members, proposals', request: { params: CouncilSlugParam }, responses: { 200: jsonContent(CouncilView, 'The council.'), ...notFoundResponse, ...problemResponses } });
const proposalRoute = createRoute({
  method: 'get', path: '/api/v1/proposals/{id}', tags, summary: 'A proposal with its rules, electorate and tally',
  description: 'The tally is live for open public ballots; for open secret ones only who voted is shown; closed proposals carry their final result.',
  request: { params: ProposalIdParam }, responses: { 200: jsonContent(ProposalView, 'The proposal.'), ...notFoundResponse, ...problemResponses },
});
const logRoute = createRoute({
  method: 'get', path: '/api/v1/proposals/{id}/log', tags, summary: 'The proposal\'s public, hash-chained log',
  description: 'Each entry hashes the previous one. Secret ballots appear as commitments until the close reveals them. `ferrite verify` recomputes the chain and the tally from this alone.',
  request: { params: ProposalIdParam }, responses: { 200: jsonContent(GovernanceLog, 'Entries in order.'), ...notFoundResponse, ...problemResponses },
});
const draftRoute = createRoute({
  ...memberWrite, path: '/api/v1/councils/{slug}/proposals', summary: 'Draft a proposal (members)',
  description: 'Needs a `governance:vote` token of an active member. Rules are checked now and frozen when the proposal opens. `advisories` (at most 10 RustSec ids or aliases) are resolved to canonical ids; an unknown one is a 400 naming it.',
  request: { params: CouncilSlugParam, body: json(ProposalDraft) }, responses: { 201: jsonContent(ProposalCreated, 'Drafted.'), ...writeErrors },
});
const openRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/open', summary: 'Open a draft (author or chair)', description: 'Freezes the rules and snapshots the electorate.',
  request: { params: ProposalIdParam, body: json(NoBody) }, responses: { 200: jsonContent(ProposalStatusAnswer, 'Open.'), ...writeErrors },
});
const withdrawRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/withdraw', summary: 'Withdraw a proposal (author)', description: 'Only while it is a draft or open.',
  request: { params: ProposalIdParam, body: json(NoBody) }, responses: { 200: jsonContent(ProposalStatusAnswer, 'Withdrawn.'), ...writeErrors },
});
const ballotRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/ballots', summary: 'Cast or change your ballot',
  description: 'One ballot per member, changeable until close (every change is logged). `choice` is `{"choice": "yes"}`, `{"approve": [...]}` or `{"ranking": [...]}` by method. The answer is your receipt: the log entry, its inclusion proof and the signed checkpoint; keep it for `ferrite verify --receipt`.',
  request: { params: ProposalIdParam, body: json(BallotInput) }, responses: { 200: jsonContent(BallotReceipt, 'Cast; your receipt.'), ...writeErrors },
});
const recuseRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/recuse', summary: 'Recuse yourself for a conflict of interest', description: 'Removes you from the quorum base; a ballot you cast no longer counts.',
  request: { params: ProposalIdParam, body: json(RecusalInput) }, responses: { 200: jsonContent(GovernanceReceipt, 'Recused; the receipt of the log entry.'), ...writeErrors },
});
const concernRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/concerns', summary: 'Raise a concern (consent/FCP)', description: 'An open concern blocks the final comment period until its author resolves it.',
  request: { params: ProposalIdParam, body: json(ConcernInput) }, responses: { 201: jsonContent(ConcernRaised, 'Raised; the concern\'s id and the receipt of the log entry.'), ...writeErrors },
});
const resolveRoute = createRoute({
  ...memberWrite, path: '/api/v1/proposals/{id}/concerns/{concern}/resolve', summary: 'Resolve your concern', description: 'Only its author resolves a concern.',
  request: { params: ConcernParams, body: json(NoBody) }, responses: { 200: jsonContent(GovernanceReceipt, 'Resolved; the receipt of the log entry.'), ...writeErrors },
});

export function governanceRoutes({ database, clock, publicUrl }: AppDeps) {
  const { db } = database;
  const now = () => clock?.() ?? new Date();
  // The route's access rule has checked the token and its scope.
  const p = (c: { get: (k: 'principal') => AppEnv['Variables']['principal'] }) => c.get('principal');
  return new OpenAPIHono<AppEnv>()
    .openapi(councilsRoute, async (c) => c.json({ items: await listCouncils(db) }, 200))
    .openapi(councilRoute, async (c) => {
      const v = await councilView(db, c.req.valid('param').slug, c.get('principal')?.user);
      // SQL reads `method` out of the frozen rules as text; Rules allowed only these.
      return c.json({ ...v, proposals: v.proposals.map((row) => ({ ...row, method: row.method as Method })) }, 200);
    })
    .openapi(proposalRoute, async (c) => {
      const v = await proposalView(db, c.req.valid('param').id, now(), c.get('principal')?.user);
      const p = v.proposal;
      // The public shape: the author by name, never internal ids; `result` is published as `tally`.
      // `action` and `tally` are stored as JSON: written from ProposalInput's action and by the count.
      return c.json({
        id: p.id, council: v.council.slug, kind: p.kind, title: p.title, body: p.body, action: p.action as ProposalAction, options: p.options, advisories: p.citedAdvisories, author: v.author,
        status: p.status, createdAt: p.createdAt, openedAt: p.openedAt, minCloseAt: p.minCloseAt, closesAt: p.closesAt, fcpEndsAt: p.fcpEndsAt, closedAt: p.closedAt,
        rules: v.rules, tally: v.tally as Tally | null, hidden: v.hidden, electorate: v.electorate, concerns: v.concerns, decisions: v.decisions,
      }, 200);
    })
    .openapi(logRoute, async (c) => {
      const { id } = c.req.valid('param');
      const v = await proposalView(db, id, now(), c.get('principal')?.user);
      // Events are served exactly as they were hashed; the contract names the kinds the verbs append.
      return c.json({ proposal: id, entries: v.log as GovernanceLogEntry[] }, 200);
    })
    .openapi(draftRoute, async (c) => {
      const row = await createProposal(database, p(c), c.req.valid('param').slug, c.req.valid('json'), now());
      return c.json({ id: row.id, status: row.status }, 201);
    })
    .openapi(openRoute, async (c) => {
      await openProposal(database, p(c), c.req.valid('param').id, now());
      return c.json({ status: 'open' as const }, 200);
    })
    .openapi(withdrawRoute, async (c) => {
      await withdrawProposal(database, p(c), c.req.valid('param').id, now());
      return c.json({ status: 'withdrawn' as const }, 200);
    })
    .openapi(ballotRoute, async (c) => {
      const cast = await castBallot(database, p(c), c.req.valid('param').id, c.req.valid('json'), now());
      return c.json({ ...(await logReceipt(database, publicUrl, { hash: cast.receipt })), receipt: cast.receipt, version: cast.version }, 200);
    })
    .openapi(recuseRoute, async (c) => c.json({ receipt: await recuse(database, p(c), c.req.valid('param').id, c.req.valid('json').reason, now()) }, 200))
    .openapi(concernRoute, async (c) => c.json(await raiseConcern(database, p(c), c.req.valid('param').id, c.req.valid('json').text, now()), 201))
    .openapi(resolveRoute, async (c) => {
      const { id, concern } = c.req.valid('param');
      return c.json(await resolveConcern(database, p(c), id, concern, now()), 200);
    });
}
