/**
 * Properties of the tally over random validator sets, votes and valid parameters. Set FC_SEED
 * to replay a counterexample.
 */
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import type { Validator } from '../../../../../src/node/protocol/block'
import type { Address } from '../../../../../src/node/protocol/messages'
import {
  tally,
  validateGovernanceParams,
  type GovernanceParams,
  type Ratio,
  type VoteOption,
} from '../../../../../src/node/state/governance/tally'

const seed = process.env.FC_SEED === undefined ? {} : { seed: Number(process.env.FC_SEED) }
const addr = (n: number): Address => `0x${n.toString(16).padStart(40, '0')}`

const ratioArb = (maxNumeratorBelowDenominator: boolean): fc.Arbitrary<Ratio> =>
  fc
    .bigInt({ min: 1n, max: 1000n })
    .chain((denominator) =>
      fc
        .bigInt({ min: 0n, max: maxNumeratorBelowDenominator ? denominator - 1n : denominator })
        .map((numerator) => ({ numerator, denominator })),
    )

const paramsArb: fc.Arbitrary<GovernanceParams> = fc.record({
  votingPeriodBlocks: fc.bigInt({ min: 1n, max: 1000n }),
  quorum: ratioArb(false),
  threshold: ratioArb(true),
  vetoThreshold: ratioArb(false),
})

const optionArb = fc.constantFrom<VoteOption>('yes', 'no', 'abstain', 'veto')

/** Validators 1..n with random powers (total > 0), and an optional vote for each. */
const electionArb = fc
  .array(
    fc.record({
      power: fc.bigInt({ min: 0n, max: 10_000n }),
      vote: fc.option(optionArb, { nil: undefined }),
    }),
    { minLength: 1, maxLength: 12 },
  )
  .filter((entries) => entries.some((e) => e.power > 0n))
  .map((entries) => {
    const validators: Validator[] = entries.map((e, i) => ({
      address: addr(i + 1),
      power: e.power,
    }))
    const votes = new Map<Address, VoteOption>()
    entries.forEach((e, i) => {
      if (e.vote !== undefined) votes.set(addr(i + 1), e.vote)
    })
    return { validators, votes }
  })

const run = (property: fc.IProperty<unknown>) => fc.assert(property, { numRuns: 500, ...seed })

describe('tally properties', () => {
  it('generated params are valid', () => {
    run(fc.property(paramsArb, (params) => validateGovernanceParams(params)))
  })

  it('sums add up: yes + no + abstain + veto = votedPower ≤ totalPower', () => {
    run(
      fc.property(electionArb, paramsArb, ({ validators, votes }, params) => {
        const r = tally(votes, validators, params)
        expect(r.yes + r.no + r.abstain + r.veto).toBe(r.votedPower)
        expect(r.votedPower <= r.totalPower).toBe(true)
        expect(r.totalPower).toBe(validators.reduce((sum, v) => sum + v.power, 0n))
      }),
    )
  })

  it('the outcome agrees with the flags', () => {
    run(
      fc.property(electionArb, paramsArb, ({ validators, votes }, params) => {
        const r = tally(votes, validators, params)
        expect(r.passed).toBe(r.outcome === 'passed')
        if (r.passed) expect(r.quorumReached && !r.vetoed && r.yes > 0n).toBe(true)
        expect(r.outcome === 'no-quorum').toBe(!r.quorumReached)
        if (r.outcome === 'vetoed') expect(r.vetoed && r.quorumReached).toBe(true)
        expect(r.reason.length).toBeGreaterThan(0)
      }),
    )
  })

  it('votes from outside the validator set change nothing', () => {
    run(
      fc.property(
        electionArb,
        paramsArb,
        fc.array(optionArb, { maxLength: 5 }),
        ({ validators, votes }, params, outsiders) => {
          const withOutsiders = new Map(votes)
          outsiders.forEach((option, i) => withOutsiders.set(addr(1000 + i), option))
          expect(tally(withOutsiders, validators, params)).toEqual(tally(votes, validators, params))
        },
      ),
    )
  })

  it('a yes vote from a validator who had not voted never undoes a pass', () => {
    // Quorum can only become reached (more power voted), the veto share only falls (same veto,
    // more votes) and the yes share only rises ((y + p) / (n + p) ≥ y / n when y ≤ n).
    run(
      fc.property(electionArb, paramsArb, fc.nat(), ({ validators, votes }, params, pick) => {
        const silent = validators.filter((v) => !votes.has(v.address))
        fc.pre(silent.length > 0)
        const before = tally(votes, validators, params)
        fc.pre(before.passed)
        const voter = silent[pick % silent.length] as Validator
        const after = tally(new Map(votes).set(voter.address, 'yes'), validators, params)
        expect(after.outcome).toBe('passed')
      }),
    )
  })

  it('changing a no or veto vote to yes never undoes a pass', () => {
    run(
      fc.property(electionArb, paramsArb, fc.nat(), ({ validators, votes }, params, pick) => {
        const against = [...votes].filter(([, option]) => option === 'no' || option === 'veto')
        fc.pre(against.length > 0)
        fc.pre(tally(votes, validators, params).passed)
        const [voter] = against[pick % against.length] as [Address, VoteOption]
        expect(tally(new Map(votes).set(voter, 'yes'), validators, params).passed).toBe(true)
      }),
    )
  })

  it('the result does not depend on the order of votes', () => {
    run(
      fc.property(electionArb, paramsArb, ({ validators, votes }, params) => {
        const reversed = new Map([...votes].reverse())
        expect(tally(reversed, validators, params)).toEqual(tally(votes, validators, params))
      }),
    )
  })
})
