import { AlreadyExists, FieldTooLarge, InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import { checkPositiveAmount, getToken } from '../assets/tokens'
import type { HandlerParameters } from '../context'
import { checkDisplayText } from '../identity/participants'
import { keys } from '../keys'
import { getParams } from '../params/params'
import { pendingInstructionIds, putInstruction } from './instructions'
import { settleInstruction } from './settleInstruction'
import { partiesOf, sendersOf, type Instruction } from './types'

/**
 * A party creates a DvP instruction with N legs. Its id is the creating transaction's id. A
 * creator who sends in a leg affirms by creating; once every sender has affirmed, all legs
 * settle in the same block, or none do.
 */
export function createInstruction(p: HandlerParameters<TxMessages['CreateInstruction']>): void {
  const m = p.message
  const params = getParams(p.view)
  if (m.legs.length === 0)
    throw new InvalidValue('CreateInstruction.legs', 'needs at least one leg')
  if (m.legs.length > params.maxLegs)
    throw new FieldTooLarge('CreateInstruction.legs', m.legs.length, params.maxLegs)
  checkDisplayText('CreateInstruction.reference', m.reference)
  m.legs.forEach((leg, i) => {
    checkPositiveAmount(`CreateInstruction.legs[${i}].amount`, leg.amount)
    if (leg.from === leg.to)
      throw new InvalidValue(`CreateInstruction.legs[${i}]`, 'sender and receiver are the same')
    getToken(p.view, leg.symbol)
  })
  if (m.settleBy <= p.ctx.time)
    throw new InvalidValue('CreateInstruction.settleBy', 'is already in the past')
  if (!partiesOf(m.legs).includes(p.signer))
    throw new Unauthorized(`${p.signer} is not a party to the instruction it creates`)
  if (p.view.get(keys.instruction(p.id))) throw new AlreadyExists('instruction', p.id)
  if (pendingInstructionIds(p.view).length >= params.maxPendingInstructions)
    throw new FieldTooLarge(
      'pending instructions',
      params.maxPendingInstructions + 1,
      params.maxPendingInstructions,
    )
  const instruction: Instruction = {
    id: p.id,
    creator: p.signer,
    reference: m.reference,
    legs: m.legs,
    settleBy: m.settleBy,
    createdAt: p.ctx.height,
    status: 'pending',
    affirmedBy: sendersOf(m.legs).includes(p.signer) ? [p.signer] : [],
    reason: '',
    closedAt: 0n,
  }
  putInstruction(p.view, instruction)
  if (sendersOf(m.legs).every((s) => instruction.affirmedBy.includes(s)))
    settleInstruction(p.view, p.ctx, instruction)
}
