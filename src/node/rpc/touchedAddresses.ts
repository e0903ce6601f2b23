/**
 * The addresses a committed transaction touches, for `address` subscriptions: its signer, the
 * address fields of its message (`to`, `holder`, `subject`, `lost`, `replacement`, `account`),
 * the parties of its legs, for affirming or rejecting an instruction that instruction's
 * parties (an affirmation can settle every leg), for a new account the account and its
 * members, for an account proposal the action's counterparty, and for a governance proposal
 * its target (the validator or the holder of a role).
 */
import { accountAddress } from '../protocol/accounts'
import type { Address, SignedTx } from '../protocol/messages'
import { keys } from '../state/keys'
import { partiesOf, type Instruction } from '../state/settlement/types'
import type { StateView } from '../state/view'

const addressFields = ['to', 'holder', 'subject', 'lost', 'replacement', 'account'] as const
const ZERO_ADDRESS = '0x0000000000000000000000000000000000000000'

export function touchedAddresses(tx: SignedTx, view: StateView): Set<Address> {
  const message = tx.message as unknown as Record<string, unknown>
  const touched = new Set<Address>([tx.message.from])
  const add = (address: Address): void => {
    if (address !== ZERO_ADDRESS) touched.add(address)
  }
  for (const field of addressFields) {
    const value = message[field]
    if (typeof value === 'string') add(value as Address)
  }
  switch (tx.kind) {
    case 'CreateInstruction':
      for (const party of partiesOf(tx.message.legs)) add(party)
      break
    case 'AffirmInstruction':
    case 'RejectInstruction': {
      const instruction = view.get<Instruction>(keys.instruction(tx.message.instructionId))
      if (instruction) {
        add(instruction.creator)
        for (const party of partiesOf(instruction.legs)) add(party)
      }
      break
    }
    case 'CreateAccount':
      add(accountAddress(tx.message.from, tx.message.nonce))
      for (const member of tx.message.members) add(member)
      break
    case 'ProposePolicyChange':
      for (const member of tx.message.members) add(member)
      break
    case 'ProposeAction':
    case 'ApproveProposal':
      add(tx.message.action.counterparty)
      break
    case 'SubmitGovProposal':
      add(tx.message.action.target)
      break
  }
  return touched
}
