import type { BlockContext } from './context'
import { expireInstructions } from './settlement/expireInstructions'
import { advanceValidatorSets } from './validators/validators'
import type { StateView } from './view'

export interface EndBlockResult {
  expiredInstructions: number
}

/** Work done once per block after its transactions. */
export function endBlock(view: StateView, ctx: BlockContext): EndBlockResult {
  const expiredInstructions = expireInstructions(view, ctx)
  advanceValidatorSets(view)
  return { expiredInstructions }
}
