import type { Hex } from '../../protocol/messages'
import { getValidators } from '../validators/validators'
import type { StateView } from '../view'
import { getGovernanceParams, getGovProposal } from './proposals'
import { tally, type TallyResult } from './tally/tally'

/**
 * The tally of a proposal as it stands, for display: while voting, the votes so far against
 * the current validator set and parameters (what the outcome would be if voting ended now);
 * once tallied, the stored final result. NotFound for an unknown id.
 *
 * @example
 * const { outcome, reason } = liveTally(chain.state(), proposalId)
 * // 'no-quorum', 'No quorum: 25% of voting power voted, 33.4% needed'
 */
export function liveTally(view: StateView, id: Hex): TallyResult {
  const proposal = getGovProposal(view, id)
  if (proposal.tally) return proposal.tally
  return tally(proposal.votes, getValidators(view), getGovernanceParams(view))
}
