/**
 * On-chain governance (ARCHITECTURE.md, "State": governance): validators — and holders of the
 * roles in `governance.proposerRoles` — propose; validators vote, weighted by power; at the end
 * of the voting period the tally decides, and a passed proposal executes in the same block:
 * validator-set changes (signing from two blocks on), role grants and revocations, parameter
 * changes, and software upgrades that halt the chain at a height.
 */
export { castVote } from './castVote'
export { checkGovAction, type CheckGovActionParameters, type GovEffect } from './checkGovAction'
export { endGovernanceBlock } from './endGovernanceBlock'
export { DoubleVote, NetworkHalted, VotingClosed } from './errors'
export { liveTally } from './liveTally'
export {
  getGovernanceParams,
  getGovProposal,
  getUpgradePlan,
  govProposalIds,
  votingGovProposalIds,
} from './proposals'
export { submitGovProposal } from './submitGovProposal'
export { assertNotHalted } from './upgradeHalt'
export * from './tally'
export * from './types'
