import { describe, expect, it } from 'vitest'
import { CustosError } from '../../../../../src/node/protocol/errors'
import {
  defaultGovernanceParams,
  validateGovernanceParams,
  type GovernanceParams,
  type Ratio,
} from '../../../../../src/node/state/governance/tally'

const ratio = (numerator: bigint, denominator: bigint): Ratio => ({ numerator, denominator })

function refusal(params: GovernanceParams): CustosError {
  try {
    validateGovernanceParams(params)
  } catch (error) {
    expect(error).toBeInstanceOf(CustosError)
    return error as CustosError
  }
  throw new Error('expected InvalidValue')
}

describe('validateGovernanceParams', () => {
  it('accepts the Cosmos defaults', () => {
    expect(defaultGovernanceParams.quorum).toEqual(ratio(334n, 1000n))
    expect(defaultGovernanceParams.threshold).toEqual(ratio(1n, 2n))
    expect(defaultGovernanceParams.vetoThreshold).toEqual(ratio(334n, 1000n))
    expect(() => validateGovernanceParams(defaultGovernanceParams)).not.toThrow()
  })

  it('accepts the edges: quorum 0 and 1, threshold 0, veto 1 (disabled)', () => {
    for (const overrides of [
      { quorum: ratio(0n, 1n) },
      { quorum: ratio(1n, 1n) },
      { threshold: ratio(0n, 5n) },
      { vetoThreshold: ratio(7n, 7n) },
    ]) {
      expect(() =>
        validateGovernanceParams({ ...defaultGovernanceParams, ...overrides }),
      ).not.toThrow()
    }
  })

  it.each([
    ['governance.quorum', { quorum: ratio(1n, 0n) }, 'denominator must be positive'],
    ['governance.quorum', { quorum: ratio(1n, -3n) }, 'denominator must be positive'],
    ['governance.threshold', { threshold: ratio(-1n, 2n) }, 'numerator must not be negative'],
    ['governance.vetoThreshold', { vetoThreshold: ratio(3n, 2n) }, 'must not exceed 1'],
    ['governance.threshold', { threshold: ratio(2n, 2n) }, 'must be below 1'],
    [
      'governance.quorum',
      { quorum: { numerator: 1, denominator: 3n } as unknown as Ratio },
      'bigint',
    ],
    ['governance.votingPeriodBlocks', { votingPeriodBlocks: 0n }, 'positive'],
    ['governance.votingPeriodBlocks', { votingPeriodBlocks: 10 as unknown as bigint }, 'positive'],
  ])('refuses %s %o', (field, overrides, message) => {
    const error = refusal({ ...defaultGovernanceParams, ...overrides })
    expect(error.code).toBe('INVALID_VALUE')
    expect(error.details.field).toBe(field)
    expect(error.message).toContain(message)
  })
})
