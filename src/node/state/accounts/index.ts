/**
 * Multi-approver accounts and their proposals (ARCHITECTURE.md, "Custody policies"): the
 * transaction handlers, the end-of-block expiry, reads and explanations for people.
 */
export * from './policy'
export * from './types'
export { createAccount } from './createAccount'
export { proposeAction } from './proposeAction'
export { proposePolicyChange } from './proposePolicyChange'
export { approveProposal } from './approveProposal'
export { rejectProposal } from './rejectProposal'
export { cancelProposal, administers } from './cancelProposal'
export { executeProposal } from './executeProposal'
export { expireProposals } from './expireProposals'
export {
  findAccount,
  getAccount,
  getProposal,
  findProposal,
  accountProposalIds,
  openProposalIds,
  isOpen,
} from './records'
export { explainProposal, explainDraft, type ProposalExplanation } from './explainProposal'
export { checkAction, draftOf, ZERO_ADDRESS, ZERO_REFERENCE } from './actions'
export { velocityUsage } from './velocity'
export { ProposalNotOpen, formatTime } from './errors'
export { MAX_OPEN_PROPOSALS } from './openProposal'
