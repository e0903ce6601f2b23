import { InvalidStatus, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { checkDisplayText } from '../identity/participants'
import { getInstruction, putInstruction } from './instructions'
import { partiesOf } from './types'

/** Any party (sender or receiver) rejects a pending instruction. */
export function rejectInstruction(p: HandlerParameters<TxMessages['RejectInstruction']>): void {
  const instruction = getInstruction(p.view, p.message.instructionId)
  if (instruction.status !== 'pending')
    throw new InvalidStatus('instruction', instruction.id, instruction.status, 'reject')
  if (!partiesOf(instruction.legs).includes(p.signer))
    throw new Unauthorized(`${p.signer} is not a party to instruction ${instruction.id}`)
  checkDisplayText('RejectInstruction.reason', p.message.reason)
  putInstruction(p.view, {
    ...instruction,
    status: 'rejected',
    reason: `rejected by ${p.signer}${p.message.reason ? `: ${p.message.reason}` : ''}`,
    closedAt: p.ctx.height,
  })
}
