import { z } from '@hono/zod-openapi';
import { ProblemSchema } from '../lib/openapi.js';
import { ProposalInput } from './proposals.js';
import { Rules } from './rules.js';
import { METHODS } from './tally.js';

/**
 * The shapes of the governance answers and inputs; the OpenAPI document is built from them.
 * Answers are described, not enforced: nothing strips a field a client, a page or `ferrite verify`
 * reads, and entries an older version logged are served as they were hashed.
 */

export const ProposalIdParam = z.object({ id: z.coerce.number().int().positive().openapi({ param: { name: 'id', in: 'path' }, example: 1 }) });
export const ConcernParams = ProposalIdParam.extend({ concern: z.coerce.number().int().positive().openapi({ param: { name: 'concern', in: 'path' } }) });
export const CouncilSlugParam = z.object({ slug: z.string().regex(/^[a-z0-9-]{1,64}$/).openapi({ param: { name: 'slug', in: 'path' }, example: 'embedded' }) });

const Time = z.string().openapi({ format: 'date-time', description: 'RFC 3339, UTC.' });
const Hash = z.string().regex(/^[0-9a-f]{64}$/).openapi({ description: 'A SHA-256 hash in lowercase hex.' });
const Username = z.string().openapi({ example: 'alice' });
const Ecosystem = z.enum(['crates', 'npm']);
const ProposalKind = z.enum(['recommend', 'deprecate', 'transfer', 'curate', 'policy']);
const ProposalStatus = z.enum(['draft', 'open', 'passed', 'rejected', 'no_quorum', 'withdrawn']);
const Method = z.enum([...METHODS, 'consent']);
export type Method = z.infer<typeof Method>;
const DecisionKind = z.enum(['recommended', 'deprecated', 'transferred']);
const AdvisoryId = z.string().openapi({ example: 'RUSTSEC-2023-0089', description: 'A RustSec advisory id; its page is /advisories/{id}.' });
/** A named schema's own `.nullable()` would make the component itself nullable wherever it is used. */
const orNull = <T extends z.ZodType>(schema: T) => z.union([schema, z.null()]);

// ── inputs ──────────────────────────────────────────────────────────────────

/**
 * The service parses the same schema again; here it documents the body and refuses a malformed one
 * at the edge. Service schemas are built with plain zod, which may load before the `.openapi`
 * extension, so they are named with zod's own `.meta({ id })`.
 */
export const ProposalDraft = ProposalInput.meta({
  id: 'ProposalInput',
  description: 'A draft. `options` are for approval and ranked methods (yes/no, or reviewed/dissent for consent, otherwise). Rules are frozen when the proposal opens.',
});

/** One vote per member: a weight, if sent at all, must be 1 (the service says so by name). */
const OneVote = z.number().positive().finite().optional().openapi({ description: 'Every member has one vote: leave it out, or send 1.' });
export const BallotChoice = z
  .union([
    z.object({ choice: z.string().min(1), weight: OneVote }).strict().openapi({ description: 'majority, supermajority (yes / no / abstain) and consent (reviewed / dissent).' }),
    z.object({ approve: z.array(z.string().min(1)), weight: OneVote }).strict().openapi({ description: 'approval: every option you approve of.' }),
    z.object({ ranking: z.array(z.string().min(1)), weight: OneVote }).strict().openapi({ description: 'irv and schulze: options best first; unranked ones share last place.' }),
  ])
  .openapi('BallotChoice', { description: 'The shape the proposal\'s method takes; options must be the proposal\'s own, each named once.' });

export const BallotInput = z
  .object({ choice: BallotChoice, reason: z.string().max(2000).optional().openapi({ description: 'Required when the proposal\'s rules ask for reasons; public with a public ballot.' }) })
  .strict()
  .openapi('BallotInput');
export const RecusalInput = z.object({ reason: z.string().max(2000).openapi({ description: 'The conflict of interest.' }) }).strict().openapi('RecusalInput');
export const ConcernInput = z.object({ text: z.string().max(5000) }).strict().openapi('ConcernInput');
export const NoBody = z.object({}).strict();

// ── councils ────────────────────────────────────────────────────────────────

const Eligibility = z
  .object({ minWeight: z.number(), days: z.number(), category: z.string().optional() })
  .openapi('CouncilEligibility', { description: 'Beyond appointed members, accounts whose person made at least `minWeight` weighted contributions (in `category`) in the last `days` also vote.' });

export const Council = z
  .object({ id: z.number().int(), slug: z.string(), name: z.string(), charter: z.string(), eligibility: orNull(Eligibility), createdAt: Time })
  .openapi('Council');
export const CouncilList = z.object({ items: z.array(Council) }).openapi('CouncilList');

const PackageRef = z.object({ ecosystem: Ecosystem, name: z.string() });
/** As ProposalInput's `action` was parsed when the proposal was drafted. */
export const ProposalAction = z
  .object({
    package: PackageRef.optional(),
    scope: z.string().optional().openapi({ description: 'The category or target a recommendation is for.' }),
    note: z.string().optional(),
    replacement: PackageRef.optional(),
    to: Username.optional().openapi({ description: 'A transfer\'s new owner.' }),
    packages: z.array(PackageRef).optional().openapi({ description: 'A curated list.' }),
  })
  .openapi('ProposalAction', { description: 'What passing does to the registry.' });
export type ProposalAction = z.infer<typeof ProposalAction>;

const CouncilMember = z.object({ username: Username, displayName: z.string().nullable(), role: z.enum(['chair', 'member']), termStart: Time, termEnd: Time.nullable() });
const ProposalBrief = z.object({
  id: z.number().int(),
  title: z.string(),
  kind: ProposalKind,
  status: ProposalStatus,
  action: ProposalAction,
  options: z.array(z.string()),
  method: Method,
  closesAt: Time.nullable(),
  closedAt: Time.nullable(),
});
export const CouncilView = z
  .object({
    council: Council,
    members: z.array(CouncilMember),
    proposals: z.array(ProposalBrief).openapi({ description: 'Newest first; drafts only for their author, the council\'s members and admins.' }),
  })
  .openapi('CouncilView');

// ── ballots and tallies ─────────────────────────────────────────────────────

/** A ballot as stored and logged: the service fills in the weight. */
export const Ballot = z
  .union([
    z.object({ choice: z.string(), weight: z.number() }),
    z.object({ approve: z.array(z.string()), weight: z.number() }),
    z.object({ ranking: z.array(z.string()), weight: z.number() }),
  ])
  .openapi('Ballot');
export type Ballot = z.infer<typeof Ballot>;

const Counts = z.record(z.string(), z.number()).openapi({ description: 'Weight per option.' });
const Matrix = z.record(z.string(), z.record(z.string(), z.number())).openapi({ description: 'Row option → column option → weight.' });

/** The fields every method's result has; `provisional` and `votes` only on the live tally of an open public ballot. */
const resultOf = <M extends z.ZodType, R extends z.ZodType>(method: M, round: R) =>
  z.object({
    method,
    winner: z.string().nullable().openapi({ description: 'Null with no quorum, a tie for first, or a failed motion (yes/no gives `no`).' }),
    ranking: z.array(z.string()).openapi({ description: 'Options best first.' }),
    rounds: z.array(round),
    passed: z.boolean(),
    quorumMet: z.boolean(),
    tied: z.array(z.string()).openapi({ description: 'Options tied for first when that prevents a winner.' }),
    provisional: z.literal(true).optional().openapi({ description: 'The count so far of an open public ballot.' }),
    votes: z.record(Username, Ballot).optional().openapi({ description: 'Each counted voter\'s ballot (open public ballots).' }),
  });

export const Tally = z
  .discriminatedUnion('method', [
    resultOf(z.enum(['majority', 'supermajority']), z.object({ counts: Counts, base: z.number().openapi({ description: 'yes + no, or the electorate.' }), yesShare: z.number() })).openapi('YesNoTally'),
    resultOf(z.literal('approval'), z.object({ counts: Counts })).openapi('ApprovalTally'),
    resultOf(z.literal('irv'), z.object({ counts: Counts, exhausted: z.number(), eliminated: z.string().optional(), winner: z.string().optional() })).openapi('IrvTally'),
    resultOf(z.literal('schulze'), z.object({ pairwise: Matrix, strongest: Matrix.openapi({ description: 'Strongest path strengths.' }) })).openapi('SchulzeTally'),
    resultOf(z.literal('consent'), z.object({ reviewed: z.number().int(), electorate: z.number().int(), openConcerns: z.number().int(), fcpEndsAt: Time.nullable() })).openapi('ConsentTally'),
  ])
  .openapi('Tally', { description: 'A count by the proposal\'s method; the same function closes proposals and recounts them in `ferrite verify`.' });
export type Tally = z.infer<typeof Tally>;

// ── proposals ───────────────────────────────────────────────────────────────

export const ProposalRules = Rules.meta({ id: 'ProposalRules', description: 'Frozen when the proposal opens.' });

export const ProposalView = z
  .object({
    id: z.number().int(),
    council: z.string().openapi({ description: 'The council\'s slug.' }),
    kind: ProposalKind,
    title: z.string(),
    body: z.string().openapi({ description: 'Markdown.' }),
    action: ProposalAction,
    options: z.array(z.string()),
    advisories: z.array(AdvisoryId).openapi({ description: 'RustSec advisories the proposal cites, by canonical id (aliases given when drafting are resolved); their pages list the proposal.' }),
    author: Username,
    status: ProposalStatus,
    createdAt: Time,
    openedAt: Time.nullable(),
    minCloseAt: Time.nullable(),
    closesAt: Time.nullable(),
    fcpEndsAt: Time.nullable().openapi({ description: 'Consent: when the final comment period ends, once started.' }),
    closedAt: Time.nullable(),
    rules: ProposalRules,
    tally: orNull(Tally),
    hidden: z.boolean().openapi({ description: 'An open secret ballot: who voted is shown, not how.' }),
    electorate: z.array(z.object({ username: Username, recused: z.boolean(), reason: z.string().nullable().openapi({ description: 'The recusal\'s reason.' }), voted: z.boolean() })),
    concerns: z.array(z.object({ id: z.number().int(), text: z.string(), by: Username, raisedAt: Time })).openapi({ description: 'Concerns raised (consent/FCP), oldest first.' }),
    decisions: z.array(z.object({ kind: DecisionKind, scope: z.string().nullable(), ecosystem: Ecosystem, name: z.string() })).openapi({ description: 'What the passed proposal did.' }),
  })
  .openapi('Proposal', { description: '`tally` is live for open public ballots, null for drafts and open secret ones (then `hidden`), the final result once closed.' });

// ── the public log ──────────────────────────────────────────────────────────

const event = <T extends string, S extends z.ZodRawShape>(type: T, shape: S, description: string) => z.object({ type: z.literal(type), ...shape }).openapi({ description });
/** Each kind of entry the governance verbs append; `type` says which. */
export const GovernanceEvent = z
  .discriminatedUnion('type', [
    event('opened', {
      proposal: z.object({
        id: z.number().int(),
        kind: ProposalKind,
        title: z.string(),
        body: z.string(),
        action: ProposalAction,
        advisories: z.array(AdvisoryId).optional().openapi({ description: 'The advisories it cites; absent when it cites none.' }),
      }),
      options: z.array(z.string()),
      rules: ProposalRules,
      electorate: z.array(Username),
      closesAt: Time,
    }, 'Rules frozen and electorate fixed.'),
    event('ballot', {
      voter: Username,
      version: z.number().int().min(1).openapi({ description: 'Which change of the voter\'s ballot (1 for the first).' }),
      choice: Ballot.optional().openapi({ description: 'Public ballots.' }),
      reason: z.string().optional(),
      commitment: Hash.optional().openapi({ description: 'Secret ballots: SHA-256 of canonical JSON of the ballot, `|`, and its salt; the close reveals both.' }),
    }, 'A ballot cast or changed.'),
    event('recused', { voter: Username, reason: z.string() }, 'A member left the electorate for a conflict of interest.'),
    event('concern-raised', { voter: Username, concern: z.number().int(), text: z.string() }, 'A concern blocks the final comment period.'),
    event('concern-resolved', { voter: Username, concern: z.number().int() }, 'Its author resolved a concern.'),
    event('fcp-started', { endsAt: Time }, 'The final comment period started.'),
    event('fcp-cancelled', { because: z.number().int().openapi({ description: 'The concern that stopped it.' }) }, 'A concern stopped the final comment period.'),
    event('withdrawn', { by: Username }, 'The author withdrew the proposal.'),
    event('revealed', { ballots: z.array(z.object({ voter: Username, choice: Ballot, salt: z.string() })) }, 'Secret ballots opened at the close.'),
    event('closed', { status: z.enum(['passed', 'rejected', 'no_quorum']), why: z.string(), result: Tally }, 'The result, recounted from this log.'),
    event('applied', { decisions: z.array(z.object({ package: z.number().int().openapi({ description: 'The package\'s id.' }), kind: DecisionKind, scope: z.string().nullable() })) }, 'What the passed proposal did to the registry.'),
  ])
  .openapi('GovernanceEvent');

export const GovernanceLogEntry = z
  .object({ seq: z.number().int().min(1), at: Time, event: GovernanceEvent, prevHash: Hash, hash: Hash.openapi({ description: 'SHA-256 of canonical JSON of seq, at, event and prev: a ballot\'s receipt.' }) })
  .openapi('GovernanceLogEntry');
export type GovernanceLogEntry = z.infer<typeof GovernanceLogEntry>;
export const GovernanceLog = z.object({ proposal: z.number().int(), entries: z.array(GovernanceLogEntry) }).openapi('GovernanceLog');

// ── write answers ───────────────────────────────────────────────────────────

export const ProposalCreated = z.object({ id: z.number().int(), status: ProposalStatus }).openapi('ProposalCreated');
export const ProposalStatusAnswer = z.object({ status: ProposalStatus }).openapi('ProposalStatusChange');
export const GovernanceReceipt = z.object({ receipt: Hash.openapi({ description: 'The hash of the log entry that records it.' }) }).openapi('GovernanceReceipt');
export const ConcernRaised = GovernanceReceipt.extend({ concern: z.number().int() }).openapi('ConcernRaised');

export const conflictResponse = {
  409: { description: 'Not possible in the proposal\'s state (closed, not a draft…).', content: { 'application/problem+json': { schema: ProblemSchema } } },
};
