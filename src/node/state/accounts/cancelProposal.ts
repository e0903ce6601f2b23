import { Unauthorized } from '../../protocol/errors'
import type { Address, TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { loadProposal, requireMember, requireStatus } from './access'
import { addressKey, matchRule, ruleLabel, type Account } from './policy'
import { closeProposal } from './records'

/**
 * The initiator withdraws a pending or approved (timelocked) proposal; so may any member who
 * may propose policy changes (the account's administrators), e.g. to stop a timelocked
 * action that should not happen.
 */
export function cancelProposal(p: HandlerParameters<TxMessages['CancelProposal']>): void {
  const { view, ctx, signer, message } = p
  const { account, proposal } = loadProposal(view, message, 'CancelProposal')
  requireMember(account, signer, 'cancel its proposals')
  if (addressKey(signer) !== addressKey(proposal.initiator) && !administers(account, signer)) {
    const admin = matchRule(account, { kind: 'policy-change', initiator: signer })
    throw new Unauthorized(
      `only the initiator ${proposal.initiator} or a member who may propose policy changes ` +
        `may cancel proposal ${proposal.id}; ` +
        (admin
          ? `${ruleLabel(admin)} blocks ${signer}`
          : `no rule lets ${signer} propose policy changes`),
      { initiator: proposal.initiator },
    )
  }
  requireStatus(proposal, ['pending', 'approved'], 'cancel it')
  closeProposal(view, proposal, 'cancelled', `cancelled by ${signer}`, ctx.height)
}

/**
 * Whether `member` may initiate a policy change: the rule governing policy changes (the admin
 * rule first, as `matchRule` does) matches them as initiator and does not block.
 */
export function administers(account: Account, member: Address): boolean {
  const rule = matchRule(account, { kind: 'policy-change', initiator: member })
  return rule !== undefined && rule.rule.outcome.type !== 'block'
}
