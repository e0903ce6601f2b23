import { expireProposals } from './accounts'
import type { BlockContext } from './context'
import { endGovernanceBlock } from './governance'
import { expireInstructions } from './settlement/expireInstructions'
import { advanceValidatorSets } from './validators/validators'
import type { StateView } from './view'

export interface EndBlockResult {
  expiredInstructions: number
  expiredProposals: number
  talliedGovProposals: number
}

/**
 * Work done once per block after its transactions: expiries, governance tallies (whose
 * validator changes are queued before the sets advance), then the validator sets move up.
 */
export function endBlock(view: StateView, ctx: BlockContext): EndBlockResult {
  const expiredInstructions = expireInstructions(view, ctx)
  const expiredProposals = expireProposals(view, ctx)
  const talliedGovProposals = endGovernanceBlock(view, ctx)
  advanceValidatorSets(view)
  return { expiredInstructions, expiredProposals, talliedGovProposals }
}
