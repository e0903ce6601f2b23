/**
 * ProposeAction checks each kind of action before the policy sees it, so that what a signing
 * device shows is what would happen; and maps it to the policy engine's DraftAction.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { InvalidValue, type Action, type Address, type Hex } from '../../../../src/node/protocol'
import { draftOf } from '../../../../src/node/state/accounts'
import {
  AccountChain,
  m1,
  transferAction,
  ZERO_ADDRESS,
  ZERO_REF,
  type PolicySpec,
} from '../../../fixtures/accounts'
import { bob, carol, dave } from '../../../fixtures/network'

const allowAll: PolicySpec = {
  members: [m1],
  groups: { Solo: [m1] },
  policy: [{ name: 'Anything', match: { kinds: 'any' }, outcome: { type: 'allow' } }],
}

const action = (kind: string, overrides: Partial<Action> = {}): Action => ({
  kind,
  symbol: 'EURC',
  counterparty: ZERO_ADDRESS,
  amount: 0n,
  reference: ZERO_REF,
  ...overrides,
})

describe('ProposeAction checks the action', () => {
  let h: AccountChain
  let account: Address
  /** Instructions: the account sends one leg; sends two legs; sends nothing; already settled. */
  const ids: Record<'one' | 'two' | 'none' | 'settled' | 'affirmed', Hex> = {} as never
  beforeAll(() => {
    h = new AccountChain()
    account = h.fundedAccount(allowAll)
    const create = (legs: Array<[string, Address, Address, bigint]>) =>
      h.include(
        h.tx(carol, 'CreateInstruction', {
          reference: 'T',
          settleBy: 4_000_000_000n,
          legs: legs.map(([symbol, from, to, amount]) => ({ symbol, from, to, amount })),
        }),
      )
    ids.one = create([
      ['EURC', account, carol.address, 500n],
      ['ACME', carol.address, account, 5n],
    ])
    ids.two = create([
      ['EURC', account, carol.address, 500n],
      ['ACME', account, carol.address, 5n],
    ])
    ids.none = create([['ACME', carol.address, bob.address, 5n]]) // settles at once
    ids.settled = ids.none
    // the account affirms; dave's leg is still missing, so it stays pending
    ids.affirmed = h.include(
      h.tx(dave, 'CreateInstruction', {
        reference: 'T',
        settleBy: 4_000_000_000n,
        legs: [
          { symbol: 'EURC', from: account, to: carol.address, amount: 1n },
          { symbol: 'EURC', from: dave.address, to: carol.address, amount: 1n },
          { symbol: 'ACME', from: carol.address, to: dave.address, amount: 1n },
        ],
      }),
    )
    h.propose(
      m1,
      account,
      action('dvp-affirmation', {
        counterparty: carol.address,
        amount: 1n,
        reference: ids.affirmed,
      }),
    )
  })
  afterAll(() => h.close())

  const affirm =
    (id: () => Hex, overrides: Partial<Action> = {}) =>
    () =>
      action('dvp-affirmation', {
        counterparty: carol.address,
        amount: 500n,
        reference: id(),
        ...overrides,
      })

  it.each<[string, () => Action, string]>([
    [
      'an unknown kind',
      () => action('burn'),
      'ProposeAction.action.kind: unknown action kind "burn"; use transfer, dvp-affirmation, mint, redeem, pause, unpause, freeze, unfreeze',
    ],
    [
      'a policy change',
      () => action('policy-change'),
      'ProposeAction.action.kind: a policy change is proposed with ProposePolicyChange',
    ],
    [
      'an unknown token',
      () => transferAction('XYZ', bob.address, 5n),
      'ProposeAction.action.symbol: no token with symbol "XYZ" exists',
    ],
    [
      'a transfer to nobody',
      () => transferAction('EURC', ZERO_ADDRESS, 5n),
      'ProposeAction.action.counterparty: must be the receiver of the transfer',
    ],
    [
      'a transfer to the account itself',
      () => transferAction('EURC', account, 5n),
      'ProposeAction.action.counterparty: an account cannot transfer to itself',
    ],
    [
      'a transfer of nothing',
      () => transferAction('EURC', bob.address, 0n),
      'ProposeAction.action.amount: must be greater than zero',
    ],
    [
      'a transfer with a reference',
      () => ({ ...transferAction('EURC', bob.address, 5n), reference: ids.one }),
      'ProposeAction.action.reference: must be zero for a transfer',
    ],
    [
      'a mint to nobody',
      () => action('mint', { amount: 5n }),
      'ProposeAction.action.counterparty: must be the receiver of the mint',
    ],
    [
      'a mint of nothing',
      () => action('mint', { counterparty: bob.address }),
      'ProposeAction.action.amount: must be greater than zero',
    ],
    [
      'a redeem from nobody',
      () => action('redeem', { amount: 5n }),
      'ProposeAction.action.counterparty: must be the holder of the redeem',
    ],
    [
      'a pause naming a holder',
      () => action('pause', { counterparty: bob.address }),
      'ProposeAction.action.counterparty: must be the zero address for pause',
    ],
    [
      'an unpause with an amount',
      () => action('unpause', { amount: 1n }),
      'ProposeAction.action.amount: must be 0 for unpause',
    ],
    [
      'a freeze of nobody',
      () => action('freeze'),
      'ProposeAction.action.counterparty: must be the holder to freeze',
    ],
    [
      'an unfreeze with an amount',
      () => action('unfreeze', { counterparty: bob.address, amount: 3n }),
      'ProposeAction.action.amount: must be 0 for unfreeze',
    ],
    [
      'an affirmation of no instruction',
      affirm(() => `0x${'ab'.repeat(32)}`),
      `ProposeAction.action.reference: no instruction 0x${'ab'.repeat(32)} exists`,
    ],
    [
      'an affirmation of a settled instruction',
      affirm(() => ids.settled),
      'ProposeAction.action.reference: instruction {settled} is settled, not pending',
    ],
    [
      'an affirmation where the account sends two legs',
      affirm(() => ids.two),
      'ProposeAction.action.reference: the account sends 2 legs in instruction {two}; an affirmation proposal covers an instruction in which it sends exactly one',
    ],
    [
      'an affirmation already given',
      affirm(() => ids.affirmed, { amount: 1n }),
      'ProposeAction.action.reference: the account has already affirmed instruction {affirmed}',
    ],
    [
      'an affirmation showing another token',
      affirm(() => ids.one, { symbol: 'ACME' }),
      "ProposeAction.action.symbol: is ACME; the account's leg sends EURC",
    ],
    [
      'an affirmation showing another receiver',
      affirm(() => ids.one, { counterparty: bob.address }),
      `ProposeAction.action.counterparty: is ${bob.address}; the account's leg goes to ${carol.address}`,
    ],
  ])('refuses %s', (_name, build, message) => {
    const error = h.refuse(h.proposeTx(m1, account, build()))
    expect(error).toBeInstanceOf(InvalidValue)
    expect(error.message).toBe(
      message.replace(/\{(\w+)\}/g, (_m, key: keyof typeof ids) => ids[key]),
    )
  })

  it('accepts a matching affirmation', () => {
    const proposal = h.propose(m1, account, affirm(() => ids.one)())
    expect(proposal.status).toBe('executed')
  })
})

describe('draftOf', () => {
  const who = m1.address
  it.each<[string, Action, object]>([
    [
      'transfer',
      transferAction('EURC', bob.address, 5n),
      { kind: 'transfer', asset: 'EURC', amount: 5n, counterparty: bob.address },
    ],
    [
      'dvp-affirmation',
      action('dvp-affirmation', {
        counterparty: carol.address,
        amount: 9n,
        reference: `0x${'01'.repeat(32)}`,
      }),
      { kind: 'dvp-affirmation', asset: 'EURC', amount: 9n, counterparty: carol.address },
    ],
    [
      'mint',
      action('mint', { counterparty: bob.address, amount: 5n }),
      { kind: 'agent-action', asset: 'EURC', amount: 5n, counterparty: bob.address },
    ],
    [
      'redeem',
      action('redeem', { counterparty: bob.address, amount: 5n }),
      { kind: 'agent-action', asset: 'EURC', amount: 5n, counterparty: bob.address },
    ],
    ['pause', action('pause'), { kind: 'agent-action', asset: 'EURC' }],
    [
      'freeze',
      action('freeze', { counterparty: bob.address }),
      { kind: 'agent-action', asset: 'EURC', counterparty: bob.address },
    ],
    ['policy-change', action('policy-change', { symbol: '' }), { kind: 'policy-change' }],
  ])('%s', (_name, input, expected) => {
    expect(draftOf(input, who)).toEqual({ ...expected, initiator: who })
  })
})
