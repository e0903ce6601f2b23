/**
 * One line per policy rule for people, e.g.
 * "Policy rule 2 'Large trades': transfer of EURD from 1,000,001 to 0xb1…, 0xb2… → requires
 * 2 of Treasury AND 1 of Risk; timelock 10 blocks; expires 86400 s after it is proposed".
 * `custos_getAccount` sends them next to the policy so a reader need not decode the rules.
 */
import {
  ADMIN_RULE_INDEX,
  formatAmount,
  requirementWords,
  ruleLabel,
  type Account,
  type PolicyRule,
} from '../../state/accounts'

export function ruleWords(rule: PolicyRule, index: number): string {
  const { match } = rule
  const parts: string[] = [match.kinds === 'any' ? 'any action' : match.kinds.join(' or ')]
  if (match.assets !== undefined && match.assets !== 'any')
    parts.push(`of ${match.assets.join(', ')}`)
  if (match.minAmount !== undefined && match.maxAmount !== undefined)
    parts.push(`from ${formatAmount(match.minAmount)} to ${formatAmount(match.maxAmount)}`)
  else if (match.minAmount !== undefined) parts.push(`from ${formatAmount(match.minAmount)}`)
  else if (match.maxAmount !== undefined) parts.push(`up to ${formatAmount(match.maxAmount)}`)
  if (match.counterparties !== undefined && match.counterparties !== 'any')
    parts.push(`to ${match.counterparties.join(', ')}`)
  if (match.initiators !== undefined && match.initiators !== 'any') {
    const who = [...(match.initiators.members ?? []), ...(match.initiators.groups ?? [])]
    parts.push(`initiated by ${who.join(' or ')}`)
  }
  const outcome =
    rule.outcome.type === 'require'
      ? `requires ${requirementWords(rule.outcome.approvals)}`
      : rule.outcome.type === 'allow'
        ? 'allowed without approval'
        : 'blocked'
  const extras: string[] = []
  if (rule.velocity)
    extras.push(
      `at most ${formatAmount(rule.velocity.amount)} ${rule.velocity.asset} per ` +
        `${rule.velocity.periodSeconds} s`,
    )
  if (rule.timelockBlocks) extras.push(`timelock ${rule.timelockBlocks} blocks`)
  if (rule.expirySeconds) extras.push(`expires ${rule.expirySeconds} s after it is proposed`)
  const label = ruleLabel({ index, rule })
  return `${label}: ${parts.join(' ')} → ${[outcome, ...extras].join('; ')}`
}

/** Every rule of the account in order, then its admin rule. */
export function accountRuleWords(account: Account): string[] {
  const lines = account.policy.map((rule, i) => ruleWords(rule, i))
  if (account.adminRule) lines.push(ruleWords(account.adminRule, ADMIN_RULE_INDEX))
  return lines
}
