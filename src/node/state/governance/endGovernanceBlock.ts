import { CustosError } from '../../protocol/errors'
import type { BlockContext } from '../context'
import { getValidators } from '../validators/validators'
import type { StateView } from '../view'
import { applyGovEffect } from './applyGovEffect'
import { checkGovAction } from './checkGovAction'
import {
  getGovernanceParams,
  getGovProposal,
  putGovProposal,
  votingGovProposalIds,
} from './proposals'
import { tally } from './tally/tally'
import type { GovProposal } from './types'

/**
 * End of block: tallies every proposal whose voting period ends at this height, against the
 * set that signed this block and the governance parameters in force before this block's
 * tallies (a parameter change passing here applies to tallies of later blocks only). A passed proposal
 * executes at once in a forked view: if it no longer makes sense (its validator was removed
 * meanwhile, the set would become empty, …) it is marked 'failed' with the reason and nothing
 * of it applies. Returns how many proposals were tallied; a block with nothing voting costs one
 * key read.
 */
export function endGovernanceBlock(view: StateView, ctx: BlockContext): number {
  const voting = votingGovProposalIds(view)
  if (voting.length === 0) return 0
  const ending = voting
    .map((id) => getGovProposal(view, id))
    .filter((proposal) => proposal.votingEndsAt <= ctx.height)
  if (ending.length === 0) return 0
  const params = getGovernanceParams(view)
  const validators = getValidators(view)
  for (const proposal of ending) {
    let decided: GovProposal
    try {
      const result = tally(proposal.votes, validators, params)
      decided = { ...proposal, tally: result, status: result.outcome, reason: result.reason }
    } catch (error) {
      if (!(error instanceof CustosError)) throw error
      decided = { ...proposal, status: 'failed', reason: `Could not be tallied: ${error.message}` }
    }
    putGovProposal(view, decided.status === 'passed' ? execute(view, ctx, decided) : decided)
  }
  return ending.length
}

/** Runs a passed proposal's action all-or-nothing; returns the proposal's final record. */
function execute(view: StateView, ctx: BlockContext, proposal: GovProposal): GovProposal {
  const fork = view.fork()
  try {
    const effect = checkGovAction({
      view: fork,
      action: proposal.action,
      decidedAt: ctx.height,
      field: 'action',
    })
    const done = applyGovEffect({ view: fork, effect, proposalId: proposal.id })
    fork.commit()
    return {
      ...proposal,
      reason: `${proposal.reason}; executed: ${done}`,
      ...(effect.kind === 'validator' ? { effectiveAt: ctx.height + 2n } : {}),
    }
  } catch (error) {
    if (!(error instanceof CustosError)) throw error
    return {
      ...proposal,
      status: 'failed',
      reason: `${proposal.reason}, but it could not be executed: ${error.message}`,
    }
  }
}
