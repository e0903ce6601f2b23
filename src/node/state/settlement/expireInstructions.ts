import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { getInstruction, pendingInstructionIds, putInstruction } from './instructions'

/** End of block: pending instructions past their deadline become `expired`. */
export function expireInstructions(view: StateView, ctx: BlockContext): number {
  let expired = 0
  for (const id of pendingInstructionIds(view)) {
    const instruction = getInstruction(view, id)
    if (ctx.time > instruction.settleBy) {
      putInstruction(view, {
        ...instruction,
        status: 'expired',
        reason: 'not affirmed by every sender in time',
        closedAt: ctx.height,
      })
      expired++
    }
  }
  return expired
}
