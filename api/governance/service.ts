/**
 * The governance verbs the API, the pages and the CLI call, one module per part of a proposal's life:
 * councils (set up by operators), proposals (draft, open, withdraw), ballots (votes, recusals and
 * consent concerns) and closing (tally from the log and apply). Shared lookups are in records.ts.
 */
export { activeMember, requireCouncil } from './records.js';
export { addMember, createCouncil, setEligibility } from './councils.js';
export { createProposal, openProposal, ProposalInput, withdrawProposal } from './proposals.js';
export { castBallot, raiseConcern, recuse, resolveConcern } from './ballots.js';
export { closeDue } from './closing.js';
