import { CustosError } from '../../protocol/errors'
import { moveTokens } from '../assets/moveTokens'
import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { putInstruction } from './instructions'
import type { Instruction } from './types'

/**
 * Settles every leg of a fully affirmed instruction atomically: the legs run in a forked view
 * that is committed only if all of them pass; otherwise no leg moves and the instruction is
 * `failed` with the failing leg and its reason.
 */
export function settleInstruction(
  view: StateView,
  ctx: BlockContext,
  instruction: Instruction,
): Instruction {
  const legsView = view.fork()
  let current = 0
  try {
    for (const [i, leg] of instruction.legs.entries()) {
      current = i
      moveTokens({
        view: legsView,
        time: ctx.time,
        symbol: leg.symbol,
        from: leg.from,
        to: leg.to,
        amount: leg.amount,
        mode: 'transfer',
        field: `legs[${i}]`,
      })
    }
  } catch (error) {
    if (!(error instanceof CustosError)) throw error
    const failed: Instruction = {
      ...instruction,
      status: 'failed',
      reason: `leg ${current + 1} (${error.code}): ${error.message}`,
      closedAt: ctx.height,
    }
    putInstruction(view, failed)
    return failed
  }
  legsView.commit()
  const settled: Instruction = { ...instruction, status: 'settled', closedAt: ctx.height }
  putInstruction(view, settled)
  return settled
}
