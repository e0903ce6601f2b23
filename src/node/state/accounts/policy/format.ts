/** Wording shared by evaluation and explanation: amounts, rule labels, requirements. */
import type { Address } from '../../../protocol/messages'
import {
  ADMIN_RULE_INDEX,
  type ActionKind,
  type ApprovalRequirement,
  type DraftAction,
  type MatchedRule,
} from './types'

/** 1234567n → "1,234,567" (locale-independent). */
export function formatAmount(value: bigint): string {
  const negative = value < 0n
  const digits = (negative ? -value : value).toString()
  const groups: string[] = []
  for (let end = digits.length; end > 0; end -= 3)
    groups.unshift(digits.slice(Math.max(0, end - 3), end))
  return (negative ? '-' : '') + groups.join(',')
}

/** "Policy rule 3 'Large trades'" (1-based, as people count) or "Admin rule 'Admins'". */
export function ruleLabel(matched: MatchedRule): string {
  return matched.index === ADMIN_RULE_INDEX
    ? `Admin rule '${matched.rule.name}'`
    : `Policy rule ${matched.index + 1} '${matched.rule.name}'`
}

const KIND_WORDS: Record<ActionKind, string> = {
  transfer: 'transfer',
  'dvp-affirmation': 'DvP affirmation',
  'agent-action': 'token agent action',
  'policy-change': 'policy change',
}

/** "transfer of 5,000 EURD to 0xabc…" */
export function describeAction(action: DraftAction): string {
  let words = KIND_WORDS[action.kind]
  if (action.amount !== undefined || action.asset !== undefined) {
    const amount = action.amount === undefined ? '' : `${formatAmount(action.amount)} `
    words += ` of ${amount}${action.asset ?? ''}`.trimEnd()
  }
  if (action.counterparty !== undefined) words += ` to ${action.counterparty}`
  return words
}

/** "2 of Treasury AND 1 of Risk"; nested compounds are parenthesised. */
export function requirementWords(requirement: ApprovalRequirement): string {
  if ('group' in requirement) return `${requirement.threshold} of ${requirement.group}`
  const [items, joiner] =
    'all' in requirement ? [requirement.all, ' AND '] : [requirement.any, ' OR ']
  return items
    .map((item) =>
      'group' in item || items.length === 1
        ? requirementWords(item)
        : `(${requirementWords(item)})`,
    )
    .join(joiner)
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`
}

/** Addresses compare case-insensitively. */
export function addressKey(address: Address): string {
  return address.toLowerCase()
}

/** Distinct addresses (first spelling kept), sorted by lower-cased value. */
export function sortedDistinct(addresses: Iterable<Address>): Address[] {
  const byKey = new Map<string, Address>()
  for (const address of addresses) {
    const key = addressKey(address)
    if (!byKey.has(key)) byKey.set(key, address)
  }
  return [...byKey.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, v]) => v)
}
