import { StoreCorrupt } from '../../protocol/errors'
import {
  ADMIN_RULE_INDEX,
  approvalStatus,
  ruleLabel,
  type Account,
  type ApprovalRequirement,
  type ApprovalStatus,
  type PolicyRule,
} from './policy'
import type { Proposal } from './types'

/**
 * The rule a proposal matched, by its recorded index. Open proposals always belong to the
 * account's current policy version (a policy change fails the others), so the index holds.
 */
export function ruleOf(account: Account, index: number): PolicyRule {
  const rule = index === ADMIN_RULE_INDEX ? account.adminRule : account.policy[index]
  if (!rule)
    throw new StoreCorrupt(`account ${account.address} has no policy rule at index ${index}`)
  return rule
}

/** "Policy rule 3 'Large trades'" for the rule at `index`. */
export function labelOf(account: Account, index: number): string {
  return ruleLabel({ index, rule: ruleOf(account, index) })
}

/** Every group a requirement names, in order of first mention. */
export function groupsOf(requirement: ApprovalRequirement): string[] {
  if ('group' in requirement) return [requirement.group]
  const items = 'all' in requirement ? requirement.all : requirement.any
  return [...new Set(items.flatMap(groupsOf))]
}

/**
 * Where a proposal's approvals stand under `requirement` (its rule's), each member's latest
 * decision counting, and the initiator not counting when the rule excludes it.
 */
export function proposalApprovalStatus(
  account: Account,
  rule: PolicyRule,
  requirement: ApprovalRequirement,
  proposal: Proposal,
): ApprovalStatus {
  return approvalStatus(
    requirement,
    account.groups,
    proposal.approvals,
    proposal.rejections.map((r) => r.member),
    rule.excludeInitiator === true ? [proposal.initiator] : [],
  )
}
