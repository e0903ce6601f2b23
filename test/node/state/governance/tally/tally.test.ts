import { describe, expect, it } from 'vitest'
import type { Validator } from '../../../../../src/node/protocol/block'
import { CustosError } from '../../../../../src/node/protocol/errors'
import type { Address } from '../../../../../src/node/protocol/messages'
import {
  defaultGovernanceParams,
  tally,
  type GovernanceParams,
  type VoteOption,
} from '../../../../../src/node/state/governance/tally'

const addr = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`
const [a, b, c, d] = [addr(1), addr(2), addr(3), addr(4)]
const outsider = addr(99)

/** Ten validators of power 100 each (total 1000), addressed 1..10. */
const tenEqual: Validator[] = Array.from({ length: 10 }, (_, i) => ({
  address: addr(i + 1),
  power: 100n,
}))

/** Votes in order of address: `[[3, 'yes'], [2, 'no']]` has validators 1–3 vote yes, 4–5 no. */
function votes(spec: Array<[number, VoteOption]>): Map<Address, VoteOption> {
  const map = new Map<Address, VoteOption>()
  let next = 1
  for (const [count, option] of spec) {
    for (let i = 0; i < count; i++) map.set(addr(next++), option)
  }
  return map
}

const params = (overrides: Partial<GovernanceParams> = {}): GovernanceParams => ({
  ...defaultGovernanceParams,
  ...overrides,
})

describe('tally: quorum (votedPower × qd ≥ totalPower × qn)', () => {
  const half = params({ quorum: { numerator: 1n, denominator: 2n } })

  it('is reached exactly at the quorum', () => {
    const result = tally(votes([[5, 'yes']]), tenEqual, half)
    expect(result.quorumReached).toBe(true)
    expect(result.outcome).toBe('passed')
  })

  it('is not reached just below it', () => {
    const validators = [...tenEqual.slice(0, 9), { address: addr(10), power: 101n }]
    // 500 of 1001 voted: just below half
    const result = tally(votes([[5, 'yes']]), validators, half)
    expect(result.quorumReached).toBe(false)
    expect(result.passed).toBe(false)
    expect(result.outcome).toBe('no-quorum')
    expect(result.reason).toBe('No quorum: 49.9% of voting power voted, 50% needed')
  })

  it('uses the Cosmos default 33.4 %: 334 of 1000 reaches it, 333 does not', () => {
    const validators = [
      { address: a, power: 334n },
      { address: b, power: 666n },
    ]
    expect(tally(new Map([[a, 'yes']]), validators, params()).quorumReached).toBe(true)
    const below = [
      { address: a, power: 333n },
      { address: b, power: 667n },
    ]
    const result = tally(new Map([[a, 'yes']]), below, params())
    expect(result.outcome).toBe('no-quorum')
    expect(result.reason).toBe('No quorum: 33.3% of voting power voted, 33.4% needed')
  })

  it('counts abstain toward the quorum', () => {
    const result = tally(
      votes([
        [1, 'yes'],
        [3, 'abstain'],
      ]),
      tenEqual,
      params(),
    )
    expect(result.votedPower).toBe(400n)
    expect(result.quorumReached).toBe(true)
    expect(result.outcome).toBe('passed')
  })
})

describe('tally: threshold (yes × td > (yes + no + veto) × tn)', () => {
  it('exactly one half yes does not pass', () => {
    const result = tally(
      votes([
        [3, 'yes'],
        [3, 'no'],
      ]),
      tenEqual,
      params(),
    )
    expect(result.passed).toBe(false)
    expect(result.outcome).toBe('rejected')
    expect(result.reason).toBe('Rejected: 50% yes of 60% voting power (more than 50% yes needed)')
  })

  it('just above one half passes', () => {
    const validators = [
      { address: a, power: 501n },
      { address: b, power: 500n },
    ]
    const result = tally(
      new Map<Address, VoteOption>([
        [a, 'yes'],
        [b, 'no'],
      ]),
      validators,
      params(),
    )
    expect(result.outcome).toBe('passed')
    expect(result.reason).toBe('Passed: 50% yes of 100% voting power (quorum 33.4%)')
  })

  it('abstain does not count toward the threshold', () => {
    // 2 yes, 1 no, 5 abstain: yes is 2/3 of non-abstaining votes, 1/4 of all votes
    const result = tally(
      votes([
        [2, 'yes'],
        [1, 'no'],
        [5, 'abstain'],
      ]),
      tenEqual,
      params(),
    )
    expect(result.outcome).toBe('passed')
    expect(result.reason).toBe('Passed: 66.6% yes of 80% voting power (quorum 33.4%)')
  })

  it('veto votes count against the threshold', () => {
    // 3 yes, 1 no, 2 veto: veto 2/6 = 33.3 % (not vetoed), yes 3/6 = exactly half
    const result = tally(
      votes([
        [3, 'yes'],
        [1, 'no'],
        [2, 'veto'],
      ]),
      tenEqual,
      params(),
    )
    expect(result.vetoed).toBe(false)
    expect(result.outcome).toBe('rejected')
  })

  it('all abstain is rejected with a reason', () => {
    const result = tally(votes([[6, 'abstain']]), tenEqual, params())
    expect(result.quorumReached).toBe(true)
    expect(result.passed).toBe(false)
    expect(result.outcome).toBe('rejected')
    expect(result.reason).toBe('Rejected: every vote was abstain (60% of voting power voted)')
  })
})

describe('tally: veto (veto × vd > votedPower × vn)', () => {
  const third = params({ vetoThreshold: { numerator: 1n, denominator: 3n } })

  it('exactly at the veto threshold does not veto', () => {
    // 4 yes, 2 veto of 6 voted: veto exactly 1/3, yes 4/6 passes
    const result = tally(
      votes([
        [4, 'yes'],
        [2, 'veto'],
      ]),
      tenEqual,
      third,
    )
    expect(result.vetoed).toBe(false)
    expect(result.outcome).toBe('passed')
  })

  it('just above the veto threshold vetoes, even with a yes majority', () => {
    const validators = [
      { address: a, power: 200n },
      { address: b, power: 201n },
      { address: c, power: 200n },
    ]
    // veto 201 of 601 > 1/3; yes 400 of 601 would pass otherwise
    const result = tally(
      new Map<Address, VoteOption>([
        [a, 'yes'],
        [b, 'veto'],
        [c, 'yes'],
      ]),
      validators,
      third,
    )
    expect(result.vetoed).toBe(true)
    expect(result.passed).toBe(false)
    expect(result.outcome).toBe('vetoed')
    expect(result.reason).toBe('Vetoed: 33.4% of votes cast were veto, more than 33.3% allowed')
  })

  it('abstain counts in the veto denominator', () => {
    // 1 yes, 2 veto, 4 abstain: veto 2/7 < 1/3 of votes cast, though 2/3 of non-abstaining
    const result = tally(
      votes([
        [1, 'yes'],
        [2, 'veto'],
        [4, 'abstain'],
      ]),
      tenEqual,
      third,
    )
    expect(result.vetoed).toBe(false)
    expect(result.outcome).toBe('rejected')
  })

  it('no quorum takes precedence over a veto', () => {
    const result = tally(votes([[1, 'veto']]), tenEqual, params())
    expect(result.vetoed).toBe(true)
    expect(result.outcome).toBe('no-quorum')
  })
})

describe('tally: who counts', () => {
  it('ignores votes from addresses outside the validator set', () => {
    const result = tally(
      new Map<Address, VoteOption>([
        [outsider, 'yes'],
        [a, 'no'],
      ]),
      [
        { address: a, power: 50n },
        { address: b, power: 50n },
      ],
      params(),
    )
    expect(result).toMatchObject({ yes: 0n, no: 50n, votedPower: 50n, outcome: 'rejected' })
  })

  it('weights votes by voting power', () => {
    const validators = [
      { address: a, power: 70n },
      { address: b, power: 20n },
      { address: c, power: 10n },
    ]
    const result = tally(
      new Map<Address, VoteOption>([
        [a, 'yes'],
        [b, 'no'],
      ]),
      validators,
      params(),
    )
    expect(result).toMatchObject({ yes: 70n, no: 20n, totalPower: 100n, votedPower: 90n })
    expect(result.reason).toBe('Passed: 77.7% yes of 90% voting power (quorum 33.4%)')
    // one heavy no outweighs two light yes votes
    const heavyNo = tally(
      new Map<Address, VoteOption>([
        [a, 'no'],
        [b, 'yes'],
        [c, 'yes'],
      ]),
      validators,
      params(),
    )
    expect(heavyNo.outcome).toBe('rejected')
  })

  it('accepts a record and matches addresses case-insensitively', () => {
    const upper = `0x${'AB'.repeat(20)}` as Address
    const result = tally(
      { [upper]: 'yes' },
      [{ address: upper.toLowerCase() as Address, power: 1n }],
      params(),
    )
    expect(result.outcome).toBe('passed')
  })

  it('does not count validators of power 0 toward anything', () => {
    const result = tally(
      new Map<Address, VoteOption>([[d, 'yes']]),
      [
        { address: a, power: 10n },
        { address: d, power: 0n },
      ],
      params(),
    )
    expect(result).toMatchObject({ votedPower: 0n, outcome: 'no-quorum' })
  })
})

describe('tally: refused inputs', () => {
  const refuses = (run: () => unknown, field: string) => {
    try {
      run()
    } catch (error) {
      expect(error).toBeInstanceOf(CustosError)
      expect((error as CustosError).code).toBe('INVALID_VALUE')
      expect((error as CustosError).details.field).toBe(field)
      return
    }
    throw new Error('expected InvalidValue')
  }

  it('refuses a set with zero total power', () => {
    refuses(() => tally(new Map(), [], params()), 'validators')
    refuses(() => tally(new Map([[a, 'yes']]), [{ address: a, power: 0n }], params()), 'validators')
  })

  it('refuses a negative power and a validator listed twice', () => {
    refuses(() => tally(new Map(), [{ address: a, power: -1n }], params()), 'validators.power')
    refuses(
      () =>
        tally(
          new Map(),
          [
            { address: a, power: 1n },
            { address: a.toUpperCase().replace('0X', '0x') as Address, power: 1n },
          ],
          params(),
        ),
      'validators',
    )
  })

  it('refuses an unknown option and a voter listed twice', () => {
    const validators = [{ address: `0x${'ab'.repeat(20)}` as Address, power: 1n }]
    refuses(() => tally(new Map([[a, 'maybe' as VoteOption]]), validators, params()), 'vote.option')
    refuses(
      () =>
        tally(
          new Map<Address, VoteOption>([
            [`0x${'ab'.repeat(20)}`, 'yes'],
            [`0x${'AB'.repeat(20)}`, 'no'],
          ]),
          validators,
          params(),
        ),
      'votes',
    )
  })
})
