import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { requireMember } from './access'
import { checkAction } from './actions'
import { openProposal } from './openProposal'
import { getAccount } from './records'

/**
 * A member proposes that the account act (transfer, DvP affirmation, token agent action).
 * The action is checked for its kind and against the state, then decided by the account's
 * policy (`openProposal`): refused with `PolicyDenied`, executed at once, or left pending for
 * approvals. The proposal's id is this transaction's id.
 */
export function proposeAction(p: HandlerParameters<TxMessages['ProposeAction']>): void {
  const { view, message } = p
  const account = getAccount(view, message.account)
  requireMember(account, p.signer, 'propose for it')
  checkAction({
    view,
    account: account.address,
    action: message.action,
    field: 'ProposeAction.action',
  })
  openProposal({
    view,
    ctx: p.ctx,
    id: p.id,
    initiator: p.signer,
    account,
    action: message.action,
  })
}
