import { membersAndPolicyHash } from '../../protocol/accounts'
import type { Action, TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { requireMember } from './access'
import { ZERO_ADDRESS } from './actions'
import { checkMembersCanSign, membersAndPolicyOf } from './members'
import { openProposal } from './openProposal'
import { policyFromWire } from './policy'
import { getAccount } from './records'

/**
 * A member proposes new members, groups, policy and admin rule for the account. The new
 * policy is checked now, so that nobody approves a change that could never apply; the
 * change is decided like any action, as kind 'policy-change' (the admin rule first). Its
 * `Action.reference` is `membersAndPolicyHash(change)`, so an approval names exactly the
 * policy it approves.
 */
export function proposePolicyChange(p: HandlerParameters<TxMessages['ProposePolicyChange']>): void {
  const { view, message } = p
  const account = getAccount(view, message.account)
  requireMember(account, p.signer, 'propose a policy change for it')
  const change = membersAndPolicyOf(message)
  const next = policyFromWire(change, account.name, account.address, 'ProposePolicyChange.')
  checkMembersCanSign(view, next, 'ProposePolicyChange.')
  const action: Action = {
    kind: 'policy-change',
    symbol: '',
    counterparty: ZERO_ADDRESS,
    amount: 0n,
    reference: membersAndPolicyHash(change),
  }
  openProposal({ view, ctx: p.ctx, id: p.id, initiator: p.signer, account, action, change })
}
