/**
 * Types and parameters of the governance tally (Cosmos x/gov semantics, without deposits).
 *
 * Every ratio is an exact pair of integers: the tally compares cross products, never floats.
 */
import { InvalidValue } from '../../../protocol/errors'

export { voteOptions, type VoteOption } from '../../../protocol/txTypes'

/** An exact fraction `numerator / denominator` (denominator > 0). */
export interface Ratio {
  numerator: bigint
  denominator: bigint
}

export interface GovernanceParams {
  /** Blocks from a proposal's submission to its tally. */
  votingPeriodBlocks: bigint
  /** Share of total power that must vote (any option, abstain included); reached at ≥. */
  quorum: Ratio
  /** Share of yes among yes + no + veto that must be exceeded (strictly >) to pass. */
  threshold: Ratio
  /** Share of veto among all votes cast above which (strictly >) the proposal is vetoed. */
  vetoThreshold: Ratio
}

/**
 * Cosmos x/gov defaults: quorum 33.4 %, threshold 50 %, veto 33.4 %, voting period two days
 * (172 800 blocks at the 1-second target block interval).
 */
export const defaultGovernanceParams: GovernanceParams = {
  votingPeriodBlocks: 172_800n,
  quorum: { numerator: 334n, denominator: 1000n },
  threshold: { numerator: 1n, denominator: 2n },
  vetoThreshold: { numerator: 334n, denominator: 1000n },
}

/**
 * Refuses parameters the tally cannot honour, with `InvalidValue` naming the field.
 *
 * - `votingPeriodBlocks` > 0;
 * - every ratio has denominator > 0 and 0 ≤ numerator ≤ denominator;
 * - `threshold` < 1: yes can never be strictly more than all of yes + no + veto, so a threshold
 *   of 1 would make every proposal fail. `quorum` = 1 (everyone votes) and `vetoThreshold` = 1
 *   (veto disabled) are allowed.
 *
 * @example
 * validateGovernanceParams({ ...defaultGovernanceParams, quorum: { numerator: 1n, denominator: 0n } })
 * // throws InvalidValue('governance.quorum', 'denominator must be positive')
 */
export function validateGovernanceParams(params: GovernanceParams): void {
  if (typeof params.votingPeriodBlocks !== 'bigint' || params.votingPeriodBlocks <= 0n) {
    throw new InvalidValue('governance.votingPeriodBlocks', 'must be a positive integer', {
      details: { value: String(params.votingPeriodBlocks) },
    })
  }
  validateRatio('governance.quorum', params.quorum)
  validateRatio('governance.threshold', params.threshold)
  validateRatio('governance.vetoThreshold', params.vetoThreshold)
  if (params.threshold.numerator === params.threshold.denominator) {
    throw new InvalidValue('governance.threshold', 'must be below 1 (no proposal could pass)')
  }
}

function validateRatio(field: string, ratio: Ratio): void {
  const { numerator, denominator } = ratio ?? ({} as Partial<Ratio>)
  if (typeof numerator !== 'bigint' || typeof denominator !== 'bigint') {
    throw new InvalidValue(field, 'numerator and denominator must be integers (bigint)')
  }
  const details = { numerator: String(numerator), denominator: String(denominator) }
  if (denominator <= 0n) throw new InvalidValue(field, 'denominator must be positive', { details })
  if (numerator < 0n) throw new InvalidValue(field, 'numerator must not be negative', { details })
  if (numerator > denominator) throw new InvalidValue(field, 'must not exceed 1', { details })
}
