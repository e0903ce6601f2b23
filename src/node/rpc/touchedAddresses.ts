/**
 * The addresses a committed transaction touches, for `address` subscriptions: its signer, the
 * address fields of its message (`to`, `holder`, `subject`, `lost`, `replacement`), the
 * parties of its legs, and for affirming or rejecting an instruction, that instruction's
 * parties (an affirmation can settle every leg).
 */
import type { Address, SignedTx } from '../protocol/messages'
import { keys } from '../state/keys'
import { partiesOf, type Instruction } from '../state/settlement/types'
import type { StateView } from '../state/view'

const addressFields = ['to', 'holder', 'subject', 'lost', 'replacement'] as const

export function touchedAddresses(tx: SignedTx, view: StateView): Set<Address> {
  const message = tx.message as unknown as Record<string, unknown>
  const touched = new Set<Address>([tx.message.from])
  for (const field of addressFields) {
    const value = message[field]
    if (typeof value === 'string') touched.add(value as Address)
  }
  if (tx.kind === 'CreateInstruction')
    for (const party of partiesOf(tx.message.legs)) touched.add(party)
  if (tx.kind === 'AffirmInstruction' || tx.kind === 'RejectInstruction') {
    const instruction = view.get<Instruction>(keys.instruction(tx.message.instructionId))
    if (instruction) {
      touched.add(instruction.creator)
      for (const party of partiesOf(instruction.legs)) touched.add(party)
    }
  }
  return touched
}
