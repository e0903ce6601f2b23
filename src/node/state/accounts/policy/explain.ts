/**
 * Explains, for a proposal or a draft action, what the policy decides and why: the matched
 * rule, what it requires in words, who has approved, who still can, and why it is blocked or
 * denied. "Blocked by policy" with no reason is what this exists to prevent.
 */
import type { Address } from '../../../protocol/messages'
import { approvalStatus, impossibleWords, missingWords, type ApprovalStatus } from './approvals'
import { evaluatePolicy, type PolicyDecision, type VelocityOverflow } from './evaluatePolicy'
import { addressKey, plural, requirementWords, ruleLabel, sortedDistinct } from './format'
import type { Account, DraftAction } from './types'

export interface ExplainState {
  /** Members who approved (empty for a draft). */
  approvals: Address[]
  /** Members who rejected (empty for a draft). */
  rejections: Address[]
  /** Amount of the matched rule's velocity asset used by executed actions this period. */
  usage: bigint
}

export interface Explanation {
  decision: PolicyDecision
  /** The matched rule: `index` into the policy (−1 for the admin rule) and its name. */
  rule?: { index: number; name: string }
  /** "Policy rule 3 'Large trades'", or "no rule matches: denied by default". */
  matched: string
  /** "2 of Treasury AND 1 of Risk", "no approval", "nothing: it is blocked" or "nothing: it is denied". */
  requires: string
  /** For 'require': members of the required groups who approved, sorted; otherwise empty. */
  approvedBy: Address[]
  /** For 'require': members of the required groups who rejected, sorted; otherwise empty. */
  rejectedBy: Address[]
  /** For 'require': members of the required groups who have neither approved nor rejected. */
  canStillApprove: Address[]
  /** For 'require': the full approval status. */
  approval?: ApprovalStatus
  /** Why it is blocked, denied, or can no longer be approved; undefined otherwise. */
  blockedBecause?: string
  velocity?: VelocityOverflow
  /** Set when the matched rule excludes the initiator from approving (`excludeInitiator`). */
  excludedInitiator?: Address
  timelockBlocks?: bigint
  expirySeconds?: bigint
  /** One line for people, e.g. "Policy rule 3 'Large trades' needs 1 more approval from Risk". */
  summary: string
}

/**
 * Explains what the account's policy decides for `action` given the approvals so far.
 *
 * @example
 * explain(account, { kind: 'transfer', asset: 'EURD', amount: 2_000_000n, counterparty, initiator },
 *   { approvals: [alice, bob], rejections: [], usage: 0n }).summary
 * // → "Policy rule 3 'Large trades' needs 1 more approval from Risk"
 */
export function explain(account: Account, action: DraftAction, state: ExplainState): Explanation {
  const result = evaluatePolicy(account, action, state.usage)
  const none = { approvedBy: [], rejectedBy: [], canStillApprove: [] }
  if (!result.rule) {
    const key = addressKey(action.initiator)
    const notMember = !account.members.some((m) => addressKey(m) === key)
    return {
      decision: 'deny',
      matched: notMember
        ? 'no rule applies: the initiator is not a member'
        : 'no rule matches: denied by default',
      requires: 'nothing: it is denied',
      ...none,
      blockedBecause: result.reason,
      summary: result.reason,
    }
  }
  const matched = result.rule
  const label = ruleLabel(matched)
  const { rule } = matched
  const base = {
    rule: { index: matched.index, name: rule.name },
    matched: label,
    ...(rule.timelockBlocks !== undefined ? { timelockBlocks: rule.timelockBlocks } : {}),
    ...(rule.expirySeconds !== undefined ? { expirySeconds: rule.expirySeconds } : {}),
  }
  if (result.decision === 'block')
    return {
      decision: 'block',
      ...base,
      requires: 'nothing: it is blocked',
      ...none,
      blockedBecause: result.reason,
      ...(result.velocity ? { velocity: result.velocity } : {}),
      summary: result.reason,
    }
  if (rule.outcome.type !== 'require')
    return {
      decision: 'allow',
      ...base,
      requires: 'no approval',
      ...none,
      summary: result.reason + timelockWords(rule.timelockBlocks, 'after it is proposed'),
    }
  const excluded = rule.excludeInitiator === true ? [action.initiator] : []
  const status = approvalStatus(
    rule.outcome.approvals,
    account.groups,
    state.approvals,
    state.rejections,
    excluded,
  )
  const rejectedBy = sortedDistinct(collectRejected(status.tree))
  const common = {
    decision: 'require' as const,
    ...base,
    ...(rule.excludeInitiator === true ? { excludedInitiator: action.initiator } : {}),
    requires: requirementWords(rule.outcome.approvals),
    approvedBy: status.approvedBy,
    rejectedBy,
    canStillApprove: status.canStillApprove,
    approval: status,
  }
  if (status.met)
    return {
      ...common,
      summary:
        `${label} is fully approved` + timelockWords(rule.timelockBlocks, 'after full approval'),
    }
  if (!status.stillPossible) {
    const why = `${label} can no longer be met: ${impossibleWords(status.tree).join('; ')}`
    return { ...common, blockedBecause: why, summary: why }
  }
  const missing = status.missing ? missingWords(status.missing) : 'more approvals'
  const exclusion = rule.excludeInitiator === true ? '; the initiator may not approve' : ''
  return { ...common, summary: `${label} needs ${missing}${exclusion}` }
}

function timelockWords(blocks: bigint | undefined, from: string): string {
  if (blocks === undefined || blocks === 0n) return ''
  return `; it can execute ${plural(Number(blocks), 'block', 'blocks')} ${from}`
}

function collectRejected(status: ApprovalStatus['tree']): Address[] {
  return status.kind === 'group' ? status.rejected : status.children.flatMap(collectRejected)
}
