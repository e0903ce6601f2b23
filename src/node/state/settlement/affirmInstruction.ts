import { InvalidStatus, InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { getInstruction, putInstruction } from './instructions'
import { settleInstruction } from './settleInstruction'
import { sendersOf, type Instruction } from './types'

/** A sending party affirms; the last affirmation settles the instruction in the same block. */
export function affirmInstruction(p: HandlerParameters<TxMessages['AffirmInstruction']>): void {
  const instruction = getInstruction(p.view, p.message.instructionId)
  if (instruction.status !== 'pending')
    throw new InvalidStatus('instruction', instruction.id, instruction.status, 'affirm')
  if (p.ctx.time > instruction.settleBy)
    throw new InvalidStatus('instruction', instruction.id, 'past its settlement deadline', 'affirm')
  const senders = sendersOf(instruction.legs)
  if (!senders.includes(p.signer))
    throw new Unauthorized(`${p.signer} sends nothing in instruction ${instruction.id}`)
  if (instruction.affirmedBy.includes(p.signer))
    throw new InvalidValue('AffirmInstruction.instructionId', `${p.signer} has already affirmed it`)
  const affirmed: Instruction = {
    ...instruction,
    affirmedBy: [...instruction.affirmedBy, p.signer],
  }
  putInstruction(p.view, affirmed)
  if (senders.every((s) => affirmed.affirmedBy.includes(s)))
    settleInstruction(p.view, p.ctx, affirmed)
}
