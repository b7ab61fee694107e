/** The governance pages, one module each: councils, a proposal with its tally and ballot form, the public log and "My votes". */
export { CouncilsView, CouncilView } from './governance/councils.js';
export { ProposalView, type Viewer } from './governance/proposal.js';
export { LogView, MyVotesView } from './governance/log.js';
