import type { BlockContext } from './context'
import { expireInstructions } from './settlement/expireInstructions'
import type { StateView } from './view'

export interface EndBlockResult {
  expiredInstructions: number
}

/** Work done once per block after its transactions. */
export function endBlock(view: StateView, ctx: BlockContext): EndBlockResult {
  return { expiredInstructions: expireInstructions(view, ctx) }
}
