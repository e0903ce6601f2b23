import { InvalidValue, Unauthorized } from '../../protocol/errors'
import type { Action, TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { loadProposal, requireMember, requireNotExpired, requireStatus } from './access'
import { completeApproval } from './openProposal'
import { addressKey } from './policy'
import { putProposal } from './records'
import { groupsOf, labelOf, proposalApprovalStatus, ruleOf } from './rules'
import type { Proposal } from './types'

/**
 * A member approves a pending proposal. The approval repeats the action and the policy
 * version it was signed for, so a signature approves exactly what the signer's device showed
 * and cannot be carried over to another action or another policy. The approval that meets
 * the rule's requirement executes the action (or starts its timelock).
 */
export function approveProposal(p: HandlerParameters<TxMessages['ApproveProposal']>): void {
  const { view, ctx, signer, message } = p
  const { account, proposal } = loadProposal(view, message, 'ApproveProposal')
  requireMember(account, signer, 'approve its proposals')
  requireStatus(proposal, ['pending'], 'approve it')
  requireNotExpired(proposal, ctx, 'approve it')
  if (
    message.policyVersion !== proposal.policyVersion ||
    message.policyVersion !== account.policyVersion
  )
    throw new InvalidValue(
      'ApproveProposal.policyVersion',
      `the approval is for policy version ${message.policyVersion}; the proposal was made under ` +
        `version ${proposal.policyVersion} and the account is at version ${account.policyVersion}`,
    )
  checkSameAction(message.action, proposal.action)
  const key = addressKey(signer)
  if (proposal.approvals.some((a) => addressKey(a) === key))
    throw new InvalidValue('ApproveProposal.proposalId', `${signer} has already approved it`)
  if (proposal.rejections.some((r) => addressKey(r.member) === key))
    throw new InvalidValue('ApproveProposal.proposalId', `${signer} has already rejected it`)

  const rule = ruleOf(account, proposal.rule.index)
  const label = labelOf(account, proposal.rule.index)
  if (rule.outcome.type !== 'require')
    throw new InvalidValue('ApproveProposal.proposalId', `${label} does not take approvals`)
  const groups = groupsOf(rule.outcome.approvals)
  const inGroup = groups.some((g) =>
    (Object.hasOwn(account.groups, g) ? account.groups[g] : []).some((m) => addressKey(m) === key),
  )
  if (!inGroup)
    throw new Unauthorized(
      `${signer} is in none of the groups ${label} requires (${groups.join(', ')}) and may not approve`,
      { groups },
    )
  if (rule.excludeInitiator === true && addressKey(proposal.initiator) === key)
    throw new Unauthorized(
      `${label} excludes the initiator from approving: ${signer} proposed it; another member must approve`,
      { rule: rule.name },
    )

  const approved: Proposal = { ...proposal, approvals: [...proposal.approvals, signer] }
  const status = proposalApprovalStatus(account, rule, rule.outcome.approvals, approved)
  if (status.met) completeApproval(view, ctx, approved, rule)
  else putProposal(view, approved)
}

const actionFields = ['kind', 'symbol', 'counterparty', 'amount', 'reference'] as const

/** Throws `InvalidValue` naming the first field in which the approved action differs. */
function checkSameAction(signed: Action, proposed: Action): void {
  for (const field of actionFields) {
    const a = signed[field]
    const b = proposed[field]
    // addresses and hashes are hex: case carries no meaning
    const hex = field === 'counterparty' || field === 'reference'
    const same = hex ? String(a).toLowerCase() === String(b).toLowerCase() : a === b
    if (!same)
      throw new InvalidValue(
        `ApproveProposal.action.${field}`,
        `the approval says ${String(a)}; the proposal says ${String(b)}`,
      )
  }
}
