/**
 * Which rule of an account's policy governs an action, and what it decides
 * (ARCHITECTURE.md, "Custody policies": rules are evaluated top-down, first match wins, no
 * match means deny).
 */
import type { Address } from '../../../protocol/messages'
import { addressKey, describeAction, formatAmount, ruleLabel } from './format'
import {
  ADMIN_RULE_INDEX,
  type Account,
  type DraftAction,
  type MatchedRule,
  type PolicyRule,
  type RuleMatch,
} from './types'

export type PolicyDecision = 'allow' | 'block' | 'require' | 'deny'

/** The velocity limit that an action would exceed. */
export interface VelocityOverflow {
  asset: string
  limit: bigint
  periodSeconds: bigint
  used: bigint
  requested: bigint
}

export interface EvaluatePolicyResult {
  decision: PolicyDecision
  /** Undefined when no rule matches (or the initiator is not a member). */
  rule?: MatchedRule
  /** One sentence for people, naming the rule and, for block/deny, why. */
  reason: string
  /** Set when the decision is 'block' because of the rule's velocity limit. */
  velocity?: VelocityOverflow
}

/** The first rule matching `action` (the admin rule first, for policy changes), or undefined. */
export function matchRule(account: Account, action: DraftAction): MatchedRule | undefined {
  if (
    action.kind === 'policy-change' &&
    account.adminRule &&
    matches(account, account.adminRule.match, action)
  )
    return { index: ADMIN_RULE_INDEX, rule: account.adminRule }
  const index = account.policy.findIndex((rule) => matches(account, rule.match, action))
  return index === -1 ? undefined : { index, rule: account.policy[index] }
}

/**
 * Decides `action` under the account's policy. `usage` is the amount of the matched rule's
 * velocity asset already used by executed actions in the current period (the caller counts
 * it; pass 0n when the rule has no velocity limit).
 *
 * @example
 * evaluatePolicy(account, { kind: 'transfer', asset: 'EURD', amount: 5_000n, counterparty, initiator }, 0n)
 * // → { decision: 'allow', rule: { index: 0, rule }, reason: "Policy rule 1 'Small transfers' allows ..." }
 */
export function evaluatePolicy(
  account: Account,
  action: DraftAction,
  usage: bigint,
): EvaluatePolicyResult {
  const what = describeAction(action)
  if (!account.members.some((m) => addressKey(m) === addressKey(action.initiator)))
    return {
      decision: 'deny',
      reason: `Denied: initiator ${action.initiator} is not a member of account '${account.name}'`,
    }
  const matched = matchRule(account, action)
  if (!matched)
    return {
      decision: 'deny',
      reason: `Denied: no policy rule matches this ${what}; no match means deny`,
    }
  const label = ruleLabel(matched)
  const { rule } = matched
  if (rule.outcome.type === 'block')
    return { decision: 'block', rule: matched, reason: `${label} blocks this ${what}` }
  const overflow = velocityOverflow(rule, action, usage)
  if (overflow)
    return {
      decision: 'block',
      rule: matched,
      velocity: overflow,
      reason: `${label} blocks this ${what}: ${velocityWords(overflow)}`,
    }
  if (rule.outcome.type === 'allow')
    return {
      decision: 'allow',
      rule: matched,
      reason: `${label} allows this ${what} without approval`,
    }
  return {
    decision: 'require',
    rule: matched,
    reason: `${label} requires approval for this ${what}`,
  }
}

/** "velocity limit 1,000,000 EURD per 86,400 s would be exceeded: 950,000 already used, 100,000 requested" */
export function velocityWords(o: VelocityOverflow): string {
  return (
    `velocity limit ${formatAmount(o.limit)} ${o.asset} per ${formatAmount(o.periodSeconds)} s ` +
    `would be exceeded: ${formatAmount(o.used)} already used, ${formatAmount(o.requested)} requested`
  )
}

/** The overflow if `action` under `rule`, with `used` already spent this period, would exceed its velocity limit. */
export function velocityOverflow(
  rule: PolicyRule,
  action: DraftAction,
  used: bigint,
): VelocityOverflow | undefined {
  const limit = rule.velocity
  if (!limit || action.asset !== limit.asset) return undefined
  const requested = action.amount ?? 0n
  if (used + requested <= limit.amount) return undefined
  return {
    asset: limit.asset,
    limit: limit.amount,
    periodSeconds: limit.periodSeconds,
    used,
    requested,
  }
}

function matches(account: Account, match: RuleMatch, action: DraftAction): boolean {
  if (match.kinds !== 'any' && !match.kinds.includes(action.kind)) return false
  if (match.assets !== undefined && match.assets !== 'any') {
    if (action.asset === undefined || !match.assets.includes(action.asset)) return false
  }
  if (match.minAmount !== undefined || match.maxAmount !== undefined) {
    if (action.amount === undefined) return false
    if (match.minAmount !== undefined && action.amount < match.minAmount) return false
    if (match.maxAmount !== undefined && action.amount > match.maxAmount) return false
  }
  if (match.counterparties !== undefined && match.counterparties !== 'any') {
    if (
      action.counterparty === undefined ||
      !includesAddress(match.counterparties, action.counterparty)
    )
      return false
  }
  if (match.initiators !== undefined && match.initiators !== 'any') {
    const { members = [], groups = [] } = match.initiators
    const inGroup = groups.some(
      (g) =>
        Object.hasOwn(account.groups, g) && includesAddress(account.groups[g], action.initiator),
    )
    if (!includesAddress(members, action.initiator) && !inGroup) return false
  }
  return true
}

function includesAddress(list: Address[], address: Address): boolean {
  const key = addressKey(address)
  return list.some((a) => addressKey(a) === key)
}
