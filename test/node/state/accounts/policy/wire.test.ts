/**
 * policyFromWire / policyToWire: exact round trips on normalized policies, and a refusal
 * naming the exact field for every wire value that is malformed or would be ignored.
 */
import { describe, expect, it } from 'vitest'
import { InvalidValue } from '../../../../../src/node/protocol/errors'
import type { MembersAndPolicy, Requirement, Rule } from '../../../../../src/node/protocol/messages'
import {
  policyFromWire,
  policyToWire,
  type Account,
} from '../../../../../src/node/state/accounts/policy'
import { a1, addr, bank, t1, treasuryAccount } from '../../../../fixtures/treasuryAccount'
import { wireRule } from '../../../../fixtures/txSamples'

const address = addr(0xacc)

/** The treasury account with an admin rule, an OR requirement and excludeInitiator. */
function richAccount(): Account {
  const account = treasuryAccount()
  return {
    ...account,
    policy: [
      ...account.policy.slice(0, 4),
      {
        name: 'Agent actions',
        match: {
          kinds: ['agent-action'],
          assets: ['EURD'],
          initiators: { members: [a1], groups: ['Risk'] },
        },
        outcome: {
          type: 'require',
          approvals: {
            any: [
              {
                all: [
                  { group: 'Treasury', threshold: 2 },
                  { group: 'Risk', threshold: 1 },
                ],
              },
              { group: 'Admins', threshold: 2 },
            ],
          },
        },
        excludeInitiator: true,
      },
    ],
    adminRule: {
      name: 'Admins',
      match: { kinds: ['policy-change'] },
      outcome: { type: 'require', approvals: { group: 'Admins', threshold: 2 } },
      timelockBlocks: 5n,
    },
  }
}

const rule = wireRule

const node = (op: string, group = '', threshold = 0n, children: bigint[] = []): Requirement => ({
  op,
  group,
  threshold,
  children,
})

function wire(rules: Rule[], overrides: Partial<MembersAndPolicy> = {}): MembersAndPolicy {
  return {
    members: [t1, a1],
    groups: [{ name: 'Ops', members: [t1, a1] }],
    policy: rules,
    adminRule: [],
    ...overrides,
  }
}

function refusal(value: MembersAndPolicy): InvalidValue {
  try {
    policyFromWire(value, 'Acct', address, 'Tx.')
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidValue)
    return error as InvalidValue
  }
  throw new Error('expected policyFromWire to refuse')
}

describe('policyToWire / policyFromWire', () => {
  it('round-trips the evaluated form (absent conditions stay absent)', () => {
    const account = richAccount()
    const back = policyFromWire(policyToWire(account), account.name, account.address)
    // 'any' counterparties are the same as no condition
    const small = { ...account.policy[0], match: { ...account.policy[0].match } }
    delete small.match.counterparties
    expect(back).toEqual({ ...account, policy: [small, ...account.policy.slice(1)] })
  })

  it('round-trips the wire form exactly', () => {
    const signed = policyToWire(richAccount())
    expect(policyToWire(policyFromWire(signed, 'x', address))).toEqual(signed)
  })

  it('lays requirements out depth-first, node 0 the root, children later', () => {
    const signed = policyToWire(richAccount())
    expect(signed.policy[4].approvals).toEqual([
      node('any', '', 0n, [1n, 4n]),
      node('all', '', 0n, [2n, 3n]),
      node('group', 'Treasury', 2n),
      node('group', 'Risk', 1n),
      node('group', 'Admins', 2n),
    ])
    expect(signed.policy[4].excludeInitiator).toBe(true)
    expect(signed.adminRule).toHaveLength(1)
  })

  it('accepts a requirement laid out in another order (children still later)', () => {
    const approvals = [
      node('all', '', 0n, [2n, 1n]),
      node('group', 'Ops', 1n),
      node('group', 'Ops', 2n),
    ]
    const account = policyFromWire(wire([rule({ outcome: 'require', approvals })]), 'x', address)
    expect(account.policy[0].outcome).toEqual({
      type: 'require',
      approvals: {
        all: [
          { group: 'Ops', threshold: 2 },
          { group: 'Ops', threshold: 1 },
        ],
      },
    })
  })

  it.each<[string, MembersAndPolicy, string]>([
    ['zero member', wire([], { members: [t1, `0x${'00'.repeat(20)}`] }), 'Tx.members[1]'],
    [
      'two admin rules',
      wire([], {
        adminRule: [
          rule({ kinds: ['policy-change'] }),
          rule({ name: 'S', kinds: ['policy-change'] }),
        ],
      }),
      'Tx.adminRule',
    ],
    [
      'numeric group name',
      wire([], { groups: [{ name: '7', members: [t1] }] }),
      'Tx.groups[0].name',
    ],
    [
      '__proto__ group name',
      wire([], { groups: [{ name: '__proto__', members: [t1] }] }),
      'Tx.groups[0].name',
    ],
    [
      'duplicate group',
      wire([], {
        groups: [
          { name: 'Ops', members: [t1] },
          { name: 'Ops', members: [a1] },
        ],
      }),
      'Tx.groups[1].name',
    ],
    [
      'control character in a group name',
      wire([], { groups: [{ name: 'Ops\u202e', members: [t1] }] }),
      'Tx.groups[0].name',
    ],
    ['unknown kind', wire([rule({ kinds: ['transfer', 'mint'] })]), 'Tx.policy[0].kinds[1]'],
    ['duplicate kind', wire([rule({ kinds: ['transfer', 'transfer'] })]), 'Tx.policy[0].kinds[1]'],
    [
      'duplicate counterparty',
      wire([
        rule({ counterparties: [bank, bank.toUpperCase().replace('0X', '0x') as typeof bank] }),
      ]),
      'Tx.policy[0].counterparties[1]',
    ],
    ['unknown outcome', wire([rule({ outcome: 'maybe' })]), 'Tx.policy[0].outcome'],
    [
      'approvals on allow',
      wire([rule({ approvals: [node('group', 'Ops', 1n)] })]),
      'Tx.policy[0].approvals',
    ],
    ['require without approvals', wire([rule({ outcome: 'require' })]), 'Tx.policy[0].approvals'],
    [
      'excludeInitiator on allow',
      wire([rule({ excludeInitiator: true })]),
      'Tx.policy[0].excludeInitiator',
    ],
    [
      'velocity amount without asset',
      wire([rule({ velocityAmount: 5n })]),
      'Tx.policy[0].velocityAsset',
    ],
    [
      'velocity without period',
      wire([rule({ velocityAsset: 'EURC', velocityAmount: 5n })]),
      'Tx.policy[0].velocityPeriod',
    ],
    [
      'velocity without amount',
      wire([rule({ velocityAsset: 'EURC', velocityPeriod: 60n })]),
      'Tx.policy[0].velocityAmount',
    ],
    [
      'unknown op',
      wire([rule({ outcome: 'require', approvals: [node('most')] })]),
      'Tx.policy[0].approvals[0].op',
    ],
    [
      'group node without group',
      wire([rule({ outcome: 'require', approvals: [node('group', '', 1n)] })]),
      'Tx.policy[0].approvals[0].group',
    ],
    [
      'group node with children',
      wire([
        rule({
          outcome: 'require',
          approvals: [node('group', 'Ops', 1n, [1n]), node('group', 'Ops', 1n)],
        }),
      ]),
      'Tx.policy[0].approvals[0].children',
    ],
    [
      'all node with a threshold',
      wire([
        rule({
          outcome: 'require',
          approvals: [node('all', '', 1n, [1n]), node('group', 'Ops', 1n)],
        }),
      ]),
      'Tx.policy[0].approvals[0]',
    ],
    [
      'all node without children',
      wire([rule({ outcome: 'require', approvals: [node('all')] })]),
      'Tx.policy[0].approvals[0].children',
    ],
    [
      'child pointing back',
      wire([
        rule({
          outcome: 'require',
          approvals: [node('all', '', 0n, [1n]), node('any', '', 0n, [1n])],
        }),
      ]),
      'Tx.policy[0].approvals[1].children[0]',
    ],
    [
      'child out of range',
      wire([
        rule({
          outcome: 'require',
          approvals: [node('all', '', 0n, [3n]), node('group', 'Ops', 1n)],
        }),
      ]),
      'Tx.policy[0].approvals[0].children[0]',
    ],
    [
      'shared child',
      wire([
        rule({
          outcome: 'require',
          approvals: [
            node('all', '', 0n, [1n, 2n]),
            node('any', '', 0n, [2n]),
            node('group', 'Ops', 1n),
          ],
        }),
      ]),
      'Tx.policy[0].approvals[0].children[1]',
    ],
    [
      'unreachable node',
      wire([
        rule({
          outcome: 'require',
          approvals: [node('group', 'Ops', 1n), node('group', 'Ops', 2n)],
        }),
      ]),
      'Tx.policy[0].approvals[1]',
    ],
    [
      'threshold above group size ',
      wire([rule({ outcome: 'require', approvals: [node('group', 'Ops', 3n)] })]),
      'Tx.policy[0].approvals[0].threshold',
    ],
    [
      'admin rule for transfers ',
      wire([], { adminRule: [rule({ kinds: ['transfer'] })] }),
      'Tx.adminRule[0].kinds',
    ],
    ['duplicate member', wire([], { members: [t1, a1, t1] }), 'Tx.members[2]'],
    [
      'a group member who is not a member',
      wire([], { groups: [{ name: 'Ops', members: [t1, bank] }] }),
      'Tx.groups[0].members[1]',
    ],
    [
      'an empty group',
      wire([], { groups: [{ name: 'Ops', members: [] }] }),
      'Tx.groups[0].members',
    ],
    [
      'an unknown group in a requirement',
      wire([rule({ outcome: 'require', approvals: [node('group', 'Risk', 1n)] })]),
      'Tx.policy[0].approvals[0].group',
    ],
    [
      'a zero threshold',
      wire([rule({ outcome: 'require', approvals: [node('group', 'Ops', 0n)] })]),
      'Tx.policy[0].approvals[0].threshold',
    ],
    [
      'an initiator who is not a member',
      wire([rule({ initiatorMembers: [bank] })]),
      'Tx.policy[0].initiatorMembers[0]',
    ],
    [
      'an unknown initiator group',
      wire([rule({ initiatorGroups: ['Ops', 'Risk'] })]),
      'Tx.policy[0].initiatorGroups[1]',
    ],
    ['min above max', wire([rule({ minAmount: 10n, maxAmount: 9n })]), 'Tx.policy[0].minAmount'],
    ['an empty rule name', wire([rule({ name: ' ' })]), 'Tx.policy[0].name'],
    ['a duplicate rule name', wire([rule(), rule()]), 'Tx.policy[1].name'],
    [
      'an admin rule named like a policy rule',
      wire([rule()], { adminRule: [rule({ kinds: ['policy-change'] })] }),
      'Tx.adminRule[0].name',
    ],
  ])('refuses %s', (_name, value, field) => {
    expect(refusal(value).details.field).toBe(field)
  })
})
