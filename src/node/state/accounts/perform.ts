/**
 * Performs a proposal's action as the account: the existing state handler runs as if the
 * account had signed the transaction (`signer` and `from` are the account's address), so an
 * account's transfer, affirmation or agent action obeys exactly the rules a key holder's
 * does. The account never signs: `nonce` is 0 and `validUntil` is the block time.
 */
import { InvalidValue } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import { freezeAddress } from '../assets/freezeAddress'
import { mint } from '../assets/mint'
import { redeem } from '../assets/redeem'
import { setPaused } from '../assets/setPaused'
import { transfer } from '../assets/transfer'
import type { BlockContext, HandlerParameters } from '../context'
import { affirmInstruction } from '../settlement/affirmInstruction'
import type { StateView } from '../view'
import { applyPolicyChange } from './applyPolicyChange'
import type { AccountRecord, Proposal } from './types'

type Body<K extends keyof TxMessages> = Omit<TxMessages[K], 'from' | 'nonce' | 'validUntil'>

/** Runs the action of `proposal`; throws the handler's `CustosError` if it is refused. */
export function performAction(
  view: StateView,
  ctx: BlockContext,
  account: AccountRecord,
  proposal: Proposal,
): void {
  const as = <K extends keyof TxMessages>(body: Body<K>): HandlerParameters<TxMessages[K]> => ({
    view,
    ctx,
    signer: account.address,
    id: proposal.id,
    message: { from: account.address, nonce: 0n, validUntil: ctx.time, ...body } as TxMessages[K],
  })
  const { kind, symbol, counterparty, amount, reference } = proposal.action
  switch (kind) {
    case 'transfer':
      return transfer(as<'Transfer'>({ symbol, to: counterparty, amount }))
    case 'dvp-affirmation':
      return affirmInstruction(as<'AffirmInstruction'>({ instructionId: reference }))
    case 'mint':
      return mint(as<'Mint'>({ symbol, to: counterparty, amount }))
    case 'redeem':
      return redeem(as<'Redeem'>({ symbol, holder: counterparty, amount }))
    case 'pause':
    case 'unpause':
      return setPaused(as<'SetPaused'>({ symbol, paused: kind === 'pause' }))
    case 'freeze':
    case 'unfreeze':
      return freezeAddress(
        as<'FreezeAddress'>({ symbol, holder: counterparty, frozen: kind === 'freeze' }),
      )
    case 'policy-change':
      return applyPolicyChange(view, ctx, account, proposal)
    default:
      throw new InvalidValue('action.kind', `unknown action kind ${JSON.stringify(kind)}`)
  }
}
