/**
 * Velocity limits over an account's executed actions.
 *
 * The window slides: at block time `now`, a limit of `periodSeconds` counts every executed
 * entry of its asset with `time > now − periodSeconds`. An entry executed exactly
 * `periodSeconds` ago no longer counts. (A calendar window — per day, per month — would let
 * twice the limit pass around a boundary; a sliding one never does.)
 */
import {
  velocityOverflow,
  type Account,
  type DraftAction,
  type PolicyRule,
  type VelocityLimit,
  type VelocityOverflow,
} from './policy'
import type { VelocityEntry } from './types'

/** Amount of `limit.asset` executed within the window ending at `now`. */
export function velocityUsage(
  executed: readonly VelocityEntry[],
  limit: VelocityLimit,
  now: bigint,
): bigint {
  let used = 0n
  for (const entry of executed)
    if (entry.asset === limit.asset && entry.time > now - limit.periodSeconds) used += entry.amount
  return used
}

/** The usage `evaluatePolicy` needs for the rule `rule` (0 when it has no velocity limit). */
export function usageFor(
  executed: readonly VelocityEntry[],
  rule: PolicyRule | undefined,
  now: bigint,
): bigint {
  return rule?.velocity ? velocityUsage(executed, rule.velocity, now) : 0n
}

/** The overflow if executing `action` at `now` would exceed the rule's velocity limit. */
export function velocityOverflowAt(
  executed: readonly VelocityEntry[],
  rule: PolicyRule,
  action: DraftAction,
  now: bigint,
): VelocityOverflow | undefined {
  const limit = rule.velocity
  if (!limit || action.asset !== limit.asset) return undefined
  return velocityOverflow(rule, action, velocityUsage(executed, limit, now))
}

/**
 * Appends an execution (when it moves an amount of an asset) and keeps only the entries some
 * velocity limit of the policy still counts: history no rule needs is not kept.
 */
export function recordExecution(
  account: Account,
  executed: readonly VelocityEntry[],
  action: DraftAction,
  now: bigint,
): VelocityEntry[] {
  const all =
    action.asset !== undefined && action.amount !== undefined && action.amount > 0n
      ? [...executed, { time: now, asset: action.asset, amount: action.amount }]
      : [...executed]
  const limits = [...account.policy, ...(account.adminRule ? [account.adminRule] : [])]
    .map((rule) => rule.velocity)
    .filter((limit): limit is VelocityLimit => limit !== undefined)
  return all.filter((entry) =>
    limits.some((limit) => limit.asset === entry.asset && entry.time > now - limit.periodSeconds),
  )
}
