/**
 * Checks that an account and its policy are well formed before they are stored. Every
 * refusal is an `InvalidValue` whose field names the rule and the field
 * (e.g. "rule 3 'Large trades' match.minAmount").
 */
import { InvalidValue } from '../../../protocol/errors'
import type { Address } from '../../../protocol/messages'
import { addressKey } from './format'
import { ACTION_KINDS, type Account, type ApprovalRequirement, type PolicyRule } from './types'

export const MAX_POLICY_RULES = 64

/**
 * Throws `InvalidValue` naming the first malformed field of `account`.
 *
 * @example
 * validatePolicy({ ...account, policy: [{ name: '', match: { kinds: 'any' }, outcome: { type: 'allow' } }] })
 * // throws InvalidValue "rule 1 '' name: must not be empty"
 */
export function validatePolicy(account: Account): void {
  if (account.name.trim() === '') throw new InvalidValue('account.name', 'must not be empty')
  if (account.members.length === 0) throw new InvalidValue('account.members', 'must not be empty')
  const members = new Set<string>()
  for (const member of account.members) {
    if (members.has(addressKey(member)))
      throw new InvalidValue('account.members', `${member} is listed twice`)
    members.add(addressKey(member))
  }

  for (const [group, groupMembers] of Object.entries(account.groups)) {
    const field = `groups['${group}']`
    if (group.trim() === '') throw new InvalidValue(field, 'a group name must not be empty')
    if (groupMembers.length === 0) throw new InvalidValue(field, 'a group must have members')
    const seen = new Set<string>()
    for (const member of groupMembers) {
      if (!members.has(addressKey(member)))
        throw new InvalidValue(field, `${member} is not a member of the account`)
      if (seen.has(addressKey(member))) throw new InvalidValue(field, `${member} is listed twice`)
      seen.add(addressKey(member))
    }
  }

  if (account.policy.length > MAX_POLICY_RULES)
    throw new InvalidValue(
      'policy',
      `has ${account.policy.length} rules; at most ${MAX_POLICY_RULES} are allowed`,
    )
  const names = new Set<string>()
  const rules: Array<[string, PolicyRule]> = account.policy.map((rule, i) => [
    `rule ${i + 1} '${rule.name}'`,
    rule,
  ])
  if (account.adminRule) rules.push([`admin rule '${account.adminRule.name}'`, account.adminRule])
  for (const [label, rule] of rules) {
    if (rule.name.trim() === '') throw new InvalidValue(`${label} name`, 'must not be empty')
    if (names.has(rule.name))
      throw new InvalidValue(`${label} name`, `another rule is already named '${rule.name}'`)
    names.add(rule.name)
    validateRule(account, members, label, rule)
  }
  if (account.adminRule) {
    const kinds = account.adminRule.match.kinds
    if (kinds === 'any' || kinds.length !== 1 || kinds[0] !== 'policy-change')
      throw new InvalidValue(
        `admin rule '${account.adminRule.name}' match.kinds`,
        "must be exactly ['policy-change']",
      )
  }
}

function validateRule(
  account: Account,
  members: Set<string>,
  label: string,
  rule: PolicyRule,
): void {
  const fail = (field: string, reason: string): never => {
    throw new InvalidValue(`${label} ${field}`, reason, { details: { rule: rule.name } })
  }
  const { match } = rule
  if (match.kinds !== 'any') {
    if (match.kinds.length === 0) fail('match.kinds', "must not be empty (use 'any')")
    for (const kind of match.kinds)
      if (!ACTION_KINDS.includes(kind)) fail('match.kinds', `unknown action kind '${String(kind)}'`)
  }
  if (match.assets !== undefined && match.assets !== 'any') {
    if (match.assets.length === 0) fail('match.assets', "must not be empty (use 'any')")
    for (const asset of match.assets)
      if (asset === '') fail('match.assets', 'contains an empty asset')
  }
  if (match.minAmount !== undefined && match.minAmount < 0n)
    fail('match.minAmount', 'must not be negative')
  if (match.maxAmount !== undefined && match.maxAmount < 0n)
    fail('match.maxAmount', 'must not be negative')
  if (
    match.minAmount !== undefined &&
    match.maxAmount !== undefined &&
    match.minAmount > match.maxAmount
  )
    fail('match.minAmount', `${match.minAmount} is above match.maxAmount ${match.maxAmount}`)
  if (
    match.counterparties !== undefined &&
    match.counterparties !== 'any' &&
    match.counterparties.length === 0
  )
    fail('match.counterparties', "an empty whitelist never matches (use 'any')")
  if (match.initiators !== undefined && match.initiators !== 'any') {
    const { members: who = [], groups = [] } = match.initiators
    if (who.length === 0 && groups.length === 0)
      fail('match.initiators', "names no member or group (use 'any')")
    for (const member of who)
      if (!members.has(addressKey(member)))
        fail('match.initiators.members', `${member} is not a member of the account`)
    for (const group of groups)
      if (!Object.hasOwn(account.groups, group))
        fail('match.initiators.groups', `no group named '${group}'`)
  }
  if (rule.outcome.type === 'require')
    validateRequirement(account.groups, rule.outcome.approvals, 'outcome.approvals', fail)
  else if (rule.excludeInitiator === true)
    fail('excludeInitiator', `only applies to a 'require' outcome, not '${rule.outcome.type}'`)
  if (rule.velocity !== undefined) {
    if (rule.velocity.asset === '') fail('velocity.asset', 'must not be empty')
    if (rule.velocity.amount <= 0n) fail('velocity.amount', 'must be positive')
    if (rule.velocity.periodSeconds <= 0n) fail('velocity.periodSeconds', 'must be positive')
  }
  if (rule.timelockBlocks !== undefined && rule.timelockBlocks < 0n)
    fail('timelockBlocks', 'must not be negative')
  if (rule.expirySeconds !== undefined && rule.expirySeconds <= 0n)
    fail('expirySeconds', 'must be positive')
}

function validateRequirement(
  groups: Record<string, Address[]>,
  requirement: ApprovalRequirement,
  field: string,
  fail: (field: string, reason: string) => never,
): void {
  if ('group' in requirement) {
    if (!Object.hasOwn(groups, requirement.group))
      fail(`${field}.group`, `no group named '${requirement.group}'`)
    const size = groups[requirement.group].length
    if (
      !Number.isInteger(requirement.threshold) ||
      requirement.threshold < 1 ||
      requirement.threshold > size
    )
      fail(
        `${field}.threshold`,
        `${requirement.threshold} of ${requirement.group} must be a whole number from 1 to ${size}`,
      )
    return
  }
  const [key, items] = 'all' in requirement ? ['all', requirement.all] : ['any', requirement.any]
  if (items.length === 0) fail(`${field}.${key}`, 'must not be empty')
  items.forEach((item, i) => validateRequirement(groups, item, `${field}.${key}[${i}]`, fail))
}
