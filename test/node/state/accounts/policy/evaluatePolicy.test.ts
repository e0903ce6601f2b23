/** Rule matching (first match wins, every matcher dimension) and policy decisions. */
import { describe, expect, it } from 'vitest'
import {
  evaluatePolicy,
  matchRule,
  type Account,
  type DraftAction,
  type PolicyRule,
} from '../../../../../src/node/state/accounts/policy'
import {
  a1,
  bank,
  broker,
  r1,
  stranger,
  t1,
  treasuryAccount,
} from '../../../../fixtures/treasuryAccount'

const transfer = (amount: bigint, counterparty = bank, initiator = t1): DraftAction => ({
  kind: 'transfer',
  asset: 'EURD',
  amount,
  counterparty,
  initiator,
})

const allow = (name: string, match: PolicyRule['match']): PolicyRule => ({
  name,
  match,
  outcome: { type: 'allow' },
})

function accountWith(...policy: PolicyRule[]): Account {
  return { ...treasuryAccount(), policy }
}

const matchedName = (account: Account, action: DraftAction): string | undefined =>
  matchRule(account, action)?.rule.name

describe('matchRule', () => {
  it('takes the first matching rule in order', () => {
    const a = accountWith(
      allow('first', { kinds: 'any' }),
      allow('second', { kinds: ['transfer'] }),
    )
    expect(matchRule(a, transfer(5n))).toEqual({ index: 0, rule: a.policy[0] })
    const b = accountWith(
      allow('second', { kinds: ['transfer'] }),
      allow('first', { kinds: 'any' }),
    )
    expect(matchRule(b, transfer(5n))?.index).toBe(0)
    expect(matchedName(b, transfer(5n))).toBe('second')
  })

  it('skips rules that do not match and returns the later one', () => {
    const a = accountWith(
      allow('dvp only', { kinds: ['dvp-affirmation'] }),
      allow('any', { kinds: 'any' }),
    )
    expect(matchRule(a, transfer(5n))?.index).toBe(1)
  })

  it('matches on action kind', () => {
    const a = accountWith(allow('agent', { kinds: ['agent-action', 'dvp-affirmation'] }))
    expect(matchedName(a, { kind: 'agent-action', initiator: t1 })).toBe('agent')
    expect(matchedName(a, { kind: 'dvp-affirmation', initiator: t1 })).toBe('agent')
    expect(matchedName(a, transfer(1n))).toBeUndefined()
  })

  it('matches on asset (list or any); a listed asset needs the action to name one', () => {
    const a = accountWith(allow('eurd', { kinds: 'any', assets: ['EURD', 'BOND1'] }))
    expect(matchedName(a, transfer(1n))).toBe('eurd')
    expect(matchedName(a, { ...transfer(1n), asset: 'USDX' })).toBeUndefined()
    expect(matchedName(a, { kind: 'policy-change', initiator: t1 })).toBeUndefined()
    const b = accountWith(allow('all', { kinds: 'any', assets: 'any' }))
    expect(matchedName(b, { ...transfer(1n), asset: 'USDX' })).toBe('all')
  })

  it('treats amount bounds as inclusive', () => {
    const a = accountWith(allow('band', { kinds: 'any', minAmount: 100n, maxAmount: 200n }))
    expect(matchedName(a, transfer(99n))).toBeUndefined()
    expect(matchedName(a, transfer(100n))).toBe('band')
    expect(matchedName(a, transfer(200n))).toBe('band')
    expect(matchedName(a, transfer(201n))).toBeUndefined()
    expect(matchedName(a, { kind: 'agent-action', initiator: t1 })).toBeUndefined()
  })

  it('matches counterparties against a whitelist, case-insensitively', () => {
    const a = accountWith(allow('wl', { kinds: 'any', counterparties: [bank] }))
    expect(matchedName(a, transfer(1n, bank))).toBe('wl')
    expect(
      matchedName(a, transfer(1n, bank.toUpperCase().replace('0X', '0x') as typeof bank)),
    ).toBe('wl')
    expect(matchedName(a, transfer(1n, broker))).toBeUndefined()
    expect(matchedName(a, { kind: 'agent-action', initiator: t1 })).toBeUndefined()
    const b = accountWith(allow('any', { kinds: 'any', counterparties: 'any' }))
    expect(matchedName(b, transfer(1n, stranger))).toBe('any')
  })

  it('matches initiators by member or by group', () => {
    const a = accountWith(
      allow('member', { kinds: 'any', initiators: { members: [a1] } }),
      allow('group', { kinds: 'any', initiators: { groups: ['Risk'] } }),
    )
    expect(matchedName(a, transfer(1n, bank, a1))).toBe('member')
    expect(matchedName(a, transfer(1n, bank, r1))).toBe('group')
    expect(matchedName(a, transfer(1n, bank, t1))).toBeUndefined()
  })

  it('consults the admin rule first for policy changes only', () => {
    const adminRule: PolicyRule = {
      name: 'Admin',
      match: { kinds: ['policy-change'] },
      outcome: { type: 'require', approvals: { group: 'Admins', threshold: 1 } },
    }
    const a = { ...accountWith(allow('any', { kinds: 'any' })), adminRule }
    expect(matchRule(a, { kind: 'policy-change', initiator: t1 })).toEqual({
      index: -1,
      rule: adminRule,
    })
    expect(matchRule(a, transfer(1n))?.index).toBe(0)
  })
})

describe('evaluatePolicy', () => {
  const account = treasuryAccount()

  it('allows, requires and blocks per the matched rule', () => {
    expect(evaluatePolicy(account, transfer(10_000n, stranger), 0n)).toMatchObject({
      decision: 'allow',
      rule: { index: 0 },
      reason: `Policy rule 1 'Small transfers' allows this transfer of 10,000 EURD to ${stranger} without approval`,
    })
    expect(evaluatePolicy(account, transfer(10_001n), 0n)).toMatchObject({
      decision: 'require',
      rule: { index: 1 },
    })
    expect(evaluatePolicy(account, transfer(2_000_000n), 0n)).toMatchObject({
      decision: 'require',
      rule: { index: 2 },
    })
    expect(evaluatePolicy(account, transfer(10_001n, stranger), 0n)).toMatchObject({
      decision: 'block',
      rule: { index: 3 },
      reason: `Policy rule 4 'Everyone else' blocks this transfer of 10,001 EURD to ${stranger}`,
    })
  })

  it('denies when no rule matches, saying so', () => {
    const result = evaluatePolicy(
      account,
      { kind: 'agent-action', asset: 'BOND1', initiator: t1 },
      0n,
    )
    expect(result.decision).toBe('deny')
    expect(result.rule).toBeUndefined()
    expect(result.reason).toBe(
      'Denied: no policy rule matches this token agent action of BOND1; no match means deny',
    )
  })

  it('denies an initiator who is not a member', () => {
    const result = evaluatePolicy(account, transfer(5n, bank, stranger), 0n)
    expect(result.decision).toBe('deny')
    expect(result.reason).toContain(`initiator ${stranger} is not a member`)
  })

  it('blocks when the velocity limit would be exceeded, naming the limit', () => {
    expect(evaluatePolicy(account, transfer(50_000n), 950_000n).decision).toBe('require')
    const over = evaluatePolicy(account, transfer(50_001n), 950_000n)
    expect(over.decision).toBe('block')
    expect(over.velocity).toEqual({
      asset: 'EURD',
      limit: 1_000_000n,
      periodSeconds: 86_400n,
      used: 950_000n,
      requested: 50_001n,
    })
    expect(over.reason).toBe(
      `Policy rule 2 'Whitelisted' blocks this transfer of 50,001 EURD to ${bank}: velocity limit ` +
        '1,000,000 EURD per 86,400 s would be exceeded: 950,000 already used, 50,001 requested',
    )
    // The limit applies to its own asset only.
    expect(
      evaluatePolicy(account, { ...transfer(50_001n), asset: 'USDX' }, 950_000n).decision,
    ).toBe('require')
    // Allow rules obey velocity too.
    expect(evaluatePolicy(account, transfer(10_000n), 995_000n).decision).toBe('block')
  })
})
