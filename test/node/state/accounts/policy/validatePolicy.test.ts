/** validatePolicy refuses malformed accounts with InvalidValue naming the rule and field. */
import { describe, expect, it } from 'vitest'
import { InvalidValue } from '../../../../../src/node/protocol/errors'
import {
  MAX_POLICY_RULES,
  validatePolicy,
  type Account,
  type PolicyRule,
} from '../../../../../src/node/state/accounts/policy'
import { stranger, t1, treasuryAccount } from '../../../../fixtures/treasuryAccount'

function refusal(account: Account): InvalidValue {
  try {
    validatePolicy(account)
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValue)
    return error as InvalidValue
  }
  throw new Error('expected validatePolicy to refuse')
}

function withRule(index: number, change: (rule: PolicyRule) => PolicyRule): Account {
  const account = treasuryAccount()
  return { ...account, policy: account.policy.map((r, i) => (i === index ? change(r) : r)) }
}

describe('validatePolicy', () => {
  it('accepts the treasury account', () => {
    expect(() => validatePolicy(treasuryAccount())).not.toThrow()
  })

  it.each<[string, Account, string]>([
    [
      'group with a non-member',
      { ...treasuryAccount(), groups: { ...treasuryAccount().groups, Risk: [stranger] } },
      "groups['Risk']",
    ],
    [
      'threshold above group size',
      withRule(2, (r) => ({
        ...r,
        outcome: { type: 'require', approvals: { all: [{ group: 'Risk', threshold: 3 }] } },
      })),
      "rule 3 'Large trades' outcome.approvals.all[0].threshold",
    ],
    [
      'threshold zero',
      withRule(1, (r) => ({
        ...r,
        outcome: { type: 'require', approvals: { group: 'Treasury', threshold: 0 } },
      })),
      "rule 2 'Whitelisted' outcome.approvals.threshold",
    ],
    [
      'unknown group in a requirement',
      withRule(1, (r) => ({
        ...r,
        outcome: { type: 'require', approvals: { group: 'Ghosts', threshold: 1 } },
      })),
      "rule 2 'Whitelisted' outcome.approvals.group",
    ],
    [
      'empty AND',
      withRule(1, (r) => ({ ...r, outcome: { type: 'require', approvals: { all: [] } } })),
      "rule 2 'Whitelisted' outcome.approvals.all",
    ],
    [
      'min above max',
      withRule(0, (r) => ({ ...r, match: { ...r.match, minAmount: 20_000n } })),
      "rule 1 'Small transfers' match.minAmount",
    ],
    [
      'duplicate name',
      withRule(1, (r) => ({ ...r, name: 'Small transfers' })),
      "rule 2 'Small transfers' name",
    ],
    ['empty name', withRule(1, (r) => ({ ...r, name: ' ' })), "rule 2 ' ' name"],
    [
      'unknown initiator group',
      withRule(0, (r) => ({ ...r, match: { ...r.match, initiators: { groups: ['Ghosts'] } } })),
      "rule 1 'Small transfers' match.initiators.groups",
    ],
    [
      'empty whitelist',
      withRule(1, (r) => ({ ...r, match: { ...r.match, counterparties: [] } })),
      "rule 2 'Whitelisted' match.counterparties",
    ],
    [
      'zero velocity period',
      withRule(1, (r) => ({ ...r, velocity: { asset: 'EURD', amount: 1n, periodSeconds: 0n } })),
      "rule 2 'Whitelisted' velocity.periodSeconds",
    ],
    [
      'too many rules',
      {
        ...treasuryAccount(),
        policy: Array.from({ length: MAX_POLICY_RULES + 1 }, (_, i) => ({
          name: `r${i}`,
          match: { kinds: 'any' as const },
          outcome: { type: 'block' as const },
        })),
      },
      'policy',
    ],
    [
      'admin rule matching other kinds',
      {
        ...treasuryAccount(),
        adminRule: { name: 'Admin', match: { kinds: 'any' }, outcome: { type: 'block' } },
      },
      "admin rule 'Admin' match.kinds",
    ],
    ['duplicate member', { ...treasuryAccount(), members: [t1, t1] }, 'account.members'],
  ])('refuses %s', (_name, account, field) => {
    const error = refusal(account)
    expect(error.code).toBe('INVALID_VALUE')
    expect(error.details.field).toBe(field)
    expect(error.message.startsWith(`${field}: `)).toBe(true)
  })

  it('accepts exactly 64 rules', () => {
    const policy = Array.from({ length: MAX_POLICY_RULES }, (_, i) => ({
      name: `r${i}`,
      match: { kinds: 'any' as const },
      outcome: { type: 'block' as const },
    }))
    expect(() => validatePolicy({ ...treasuryAccount(), policy })).not.toThrow()
  })
})
