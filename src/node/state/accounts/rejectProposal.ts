import { InvalidValue } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { checkDisplayText } from '../identity/participants'
import { loadProposal, requireMember, requireNotExpired, requireStatus } from './access'
import { addressKey, impossibleWords } from './policy'
import { closeProposal, putProposal } from './records'
import { labelOf, proposalApprovalStatus, ruleOf } from './rules'
import type { Proposal } from './types'

/**
 * A member rejects a pending proposal, with a reason. A member who approved earlier may
 * reject (withdrawing the approval: each member's latest decision counts). As soon as the
 * rule's requirement can no longer be met, the proposal is `rejected`, with the groups that
 * can no longer reach their thresholds as its reason (ARCHITECTURE.md "Custody policies":
 * "a proposal is rejected as soon as its policy can no longer be met").
 */
export function rejectProposal(p: HandlerParameters<TxMessages['RejectProposal']>): void {
  const { view, ctx, signer, message } = p
  const { account, proposal } = loadProposal(view, message, 'RejectProposal')
  requireMember(account, signer, 'reject its proposals')
  requireStatus(proposal, ['pending'], 'reject it')
  requireNotExpired(proposal, ctx, 'reject it')
  checkDisplayText('RejectProposal.reason', message.reason)
  const key = addressKey(signer)
  if (proposal.rejections.some((r) => addressKey(r.member) === key))
    throw new InvalidValue('RejectProposal.proposalId', `${signer} has already rejected it`)

  const updated: Proposal = {
    ...proposal,
    approvals: proposal.approvals.filter((a) => addressKey(a) !== key),
    rejections: [...proposal.rejections, { member: signer, reason: message.reason }],
  }
  const rule = ruleOf(account, proposal.rule.index)
  if (rule.outcome.type !== 'require') return putProposal(view, updated)
  const status = proposalApprovalStatus(account, rule, rule.outcome.approvals, updated)
  if (status.stillPossible) return putProposal(view, updated)
  const why = message.reason === '' ? '' : ` (${message.reason})`
  closeProposal(
    view,
    updated,
    'rejected',
    `rejected by ${signer}${why}; ${labelOf(account, proposal.rule.index)} can no longer be met: ` +
      impossibleWords(status.tree).join('; '),
    ctx.height,
  )
}
