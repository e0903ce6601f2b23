/**
 * Conversion between an account's members and policy as signed (`MembersAndPolicy`, see
 * `structTypes.Rule` and `structTypes.Requirement` in protocol/txTypes.ts) and the evaluated
 * form of `types.ts`.
 *
 * Wire semantics (txTypes.ts): empty lists and zero amounts mean "no condition"; a requirement
 * is a flat node list whose node 0 is the root and whose `children` index later nodes. The
 * conversion refuses every field that would be ignored (approvals on a `block` rule, a
 * velocity amount without an asset, ...), so that a signer never approves text that has no
 * effect, and names the exact wire field of each refusal. `policyToWire(policyFromWire(w))`
 * equals `w` whenever `w` is normalized: requirement nodes laid out depth-first in pre-order
 * (the order `policyToWire` writes).
 */
import { InvalidValue } from '../../../protocol/errors'
import type { Address, Group, MembersAndPolicy, Rule } from '../../../protocol/messages'
import { checkDisplayText } from '../../identity/participants'
import { addressKey } from './format'
import {
  ACTION_KINDS,
  type Account,
  type ActionKind,
  type PolicyRule,
  type RuleMatch,
} from './types'
import { validatePolicy } from './validatePolicy'
import { requirementFromWire, requirementToWire } from './wireRequirement'

const ZERO_ADDRESS = `0x${'00'.repeat(20)}`
/** Names JSON or JavaScript would not keep as an ordinary, insertion-ordered object key. */
const unsafeGroupName = /^(?:0|[1-9]\d*|__proto__)$/

/** What rules may refer to: the account's members (lower-cased) and groups. */
interface References {
  members: Set<string>
  groups: Record<string, Address[]>
  ruleNames: Set<string>
}

/**
 * Converts a signed members-and-policy into an `Account` and checks it with `validatePolicy`.
 * Throws `InvalidValue` naming the exact field, prefixed with `prefix` (e.g.
 * "CreateAccount.policy[2].approvals[1].threshold").
 *
 * @example
 * const account = policyFromWire(tx.message, 'Treasury ops', accountAddress(signer, nonce))
 */
export function policyFromWire(
  wire: MembersAndPolicy,
  name: string,
  address: Address,
  prefix = '',
): Account {
  const members = new Set<string>()
  for (const [i, member] of wire.members.entries()) {
    if (addressKey(member) === ZERO_ADDRESS)
      throw new InvalidValue(`${prefix}members[${i}]`, 'the zero address cannot be a member')
    if (members.has(addressKey(member)))
      throw new InvalidValue(`${prefix}members[${i}]`, `${member} is listed twice`)
    members.add(addressKey(member))
  }
  const refs: References = {
    members,
    groups: groupsFromWire(wire.groups, `${prefix}groups`, members),
    ruleNames: new Set(),
  }
  if (wire.adminRule.length > 1)
    throw new InvalidValue(
      `${prefix}adminRule`,
      `holds ${wire.adminRule.length} rules; an account has at most one admin rule`,
    )
  const policy = wire.policy.map((rule, i) => ruleFromWire(rule, `${prefix}policy[${i}]`, refs))
  const adminRule =
    wire.adminRule.length === 1
      ? ruleFromWire(wire.adminRule[0], `${prefix}adminRule[0]`, refs)
      : undefined
  if (
    adminRule &&
    (adminRule.match.kinds === 'any' ||
      adminRule.match.kinds.length !== 1 ||
      adminRule.match.kinds[0] !== 'policy-change')
  )
    throw new InvalidValue(`${prefix}adminRule[0].kinds`, "must be exactly ['policy-change']")
  const account: Account = {
    address,
    name,
    members: [...wire.members],
    groups: refs.groups,
    policy,
    ...(adminRule ? { adminRule } : {}),
  }
  validatePolicy(account)
  return account
}

/** The signed form of an account's members and policy (the inverse of `policyFromWire`). */
export function policyToWire(account: Account): MembersAndPolicy {
  return {
    members: [...account.members],
    groups: Object.entries(account.groups).map(([name, members]) => ({
      name,
      members: [...members],
    })),
    policy: account.policy.map(ruleToWire),
    adminRule: account.adminRule ? [ruleToWire(account.adminRule)] : [],
  }
}

function groupsFromWire(
  groups: Group[],
  field: string,
  members: Set<string>,
): Record<string, Address[]> {
  const byName: Record<string, Address[]> = {}
  for (const [i, group] of groups.entries()) {
    const path = `${field}[${i}]`
    checkDisplayText(`${path}.name`, group.name)
    if (group.name.trim() === '') throw new InvalidValue(`${path}.name`, 'must not be empty')
    if (unsafeGroupName.test(group.name))
      throw new InvalidValue(`${path}.name`, `'${group.name}' cannot name a group; use words`)
    if (Object.hasOwn(byName, group.name))
      throw new InvalidValue(`${path}.name`, `another group is already named '${group.name}'`)
    if (group.members.length === 0)
      throw new InvalidValue(`${path}.members`, 'a group must have members')
    for (const [j, member] of group.members.entries())
      if (!members.has(addressKey(member)))
        throw new InvalidValue(`${path}.members[${j}]`, `${member} is not a member of the account`)
    byName[group.name] = distinct(group.members, `${path}.members`, addressKey)
  }
  return byName
}

function ruleFromWire(rule: Rule, path: string, refs: References): PolicyRule {
  const fail = (field: string, reason: string): never => {
    throw new InvalidValue(`${path}.${field}`, reason)
  }
  checkDisplayText(`${path}.name`, rule.name)
  if (rule.name.trim() === '') fail('name', 'must not be empty')
  if (refs.ruleNames.has(rule.name)) fail('name', `another rule is already named '${rule.name}'`)
  refs.ruleNames.add(rule.name)
  const converted: PolicyRule = {
    name: rule.name,
    match: matchFromWire(rule, path, refs),
    outcome: { type: 'block' },
  }
  switch (rule.outcome) {
    case 'block':
    case 'allow':
      if (rule.approvals.length > 0)
        fail('approvals', `must be empty for a '${rule.outcome}' outcome`)
      converted.outcome = { type: rule.outcome }
      break
    case 'require':
      if (rule.approvals.length === 0) fail('approvals', "a 'require' outcome needs approvals")
      converted.outcome = {
        type: 'require',
        approvals: requirementFromWire(rule.approvals, `${path}.approvals`, refs.groups),
      }
      break
    default:
      fail(
        'outcome',
        `unknown outcome ${JSON.stringify(rule.outcome)}; use block, allow or require`,
      )
  }
  if (rule.excludeInitiator) {
    if (rule.outcome !== 'require')
      fail('excludeInitiator', `only applies to a 'require' outcome, not '${rule.outcome}'`)
    converted.excludeInitiator = true
  }
  if (rule.velocityAsset === '') {
    if (rule.velocityAmount !== 0n || rule.velocityPeriod !== 0n)
      fail('velocityAsset', 'is empty (no velocity limit) but an amount or period is set')
  } else {
    if (rule.velocityAmount === 0n) fail('velocityAmount', 'must be positive')
    if (rule.velocityPeriod === 0n) fail('velocityPeriod', 'must be positive')
    converted.velocity = {
      asset: rule.velocityAsset,
      amount: rule.velocityAmount,
      periodSeconds: rule.velocityPeriod,
    }
  }
  if (rule.timelockBlocks > 0n) converted.timelockBlocks = rule.timelockBlocks
  if (rule.expirySeconds > 0n) converted.expirySeconds = rule.expirySeconds
  return converted
}

function matchFromWire(rule: Rule, path: string, refs: References): RuleMatch {
  const match: RuleMatch = { kinds: kindsFromWire(rule.kinds, `${path}.kinds`) }
  if (rule.assets.length > 0) match.assets = distinct(rule.assets, `${path}.assets`)
  if (rule.minAmount > 0n) match.minAmount = rule.minAmount
  if (rule.maxAmount > 0n) match.maxAmount = rule.maxAmount
  if (match.minAmount !== undefined && match.maxAmount !== undefined)
    if (match.minAmount > match.maxAmount)
      throw new InvalidValue(
        `${path}.minAmount`,
        `${match.minAmount} is above maxAmount ${match.maxAmount}`,
      )
  if (rule.counterparties.length > 0)
    match.counterparties = distinct(rule.counterparties, `${path}.counterparties`, addressKey)
  for (const [j, member] of rule.initiatorMembers.entries())
    if (!refs.members.has(addressKey(member)))
      throw new InvalidValue(
        `${path}.initiatorMembers[${j}]`,
        `${member} is not a member of the account`,
      )
  for (const [j, group] of rule.initiatorGroups.entries())
    if (!Object.hasOwn(refs.groups, group))
      throw new InvalidValue(`${path}.initiatorGroups[${j}]`, `no group named '${group}'`)
  if (rule.initiatorMembers.length > 0 || rule.initiatorGroups.length > 0)
    match.initiators = {
      ...(rule.initiatorMembers.length > 0
        ? { members: distinct(rule.initiatorMembers, `${path}.initiatorMembers`, addressKey) }
        : {}),
      ...(rule.initiatorGroups.length > 0
        ? { groups: distinct(rule.initiatorGroups, `${path}.initiatorGroups`) }
        : {}),
    }
  return match
}

function kindsFromWire(kinds: string[], field: string): ActionKind[] | 'any' {
  if (kinds.length === 0) return 'any'
  for (const [i, kind] of kinds.entries())
    if (!(ACTION_KINDS as readonly string[]).includes(kind))
      throw new InvalidValue(
        `${field}[${i}]`,
        `unknown action kind ${JSON.stringify(kind)}; use ${ACTION_KINDS.join(', ')}`,
      )
  return distinct(kinds as ActionKind[], field)
}

function ruleToWire(rule: PolicyRule): Rule {
  const { match } = rule
  const initiators = match.initiators === 'any' ? undefined : match.initiators
  return {
    name: rule.name,
    kinds: match.kinds === 'any' ? [] : [...match.kinds],
    assets: match.assets === undefined || match.assets === 'any' ? [] : [...match.assets],
    minAmount: match.minAmount ?? 0n,
    maxAmount: match.maxAmount ?? 0n,
    counterparties:
      match.counterparties === undefined || match.counterparties === 'any'
        ? []
        : [...match.counterparties],
    initiatorMembers: [...(initiators?.members ?? [])],
    initiatorGroups: [...(initiators?.groups ?? [])],
    outcome: rule.outcome.type,
    approvals: rule.outcome.type === 'require' ? requirementToWire(rule.outcome.approvals) : [],
    excludeInitiator: rule.excludeInitiator === true,
    velocityAsset: rule.velocity?.asset ?? '',
    velocityAmount: rule.velocity?.amount ?? 0n,
    velocityPeriod: rule.velocity?.periodSeconds ?? 0n,
    timelockBlocks: rule.timelockBlocks ?? 0n,
    expirySeconds: rule.expirySeconds ?? 0n,
  }
}

function distinct<T extends string>(items: T[], field: string, key = (v: T): string => v): T[] {
  const seen = new Set<string>()
  for (const [i, item] of items.entries()) {
    if (seen.has(key(item))) throw new InvalidValue(`${field}[${i}]`, `${item} is listed twice`)
    seen.add(key(item))
  }
  return [...items]
}
