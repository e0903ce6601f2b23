/**
 * The tally of a proposal at the end of its voting period (Cosmos x/gov `Tally`, without
 * deposits), in exact integer arithmetic.
 *
 * Rules, checked in this order (x/gov keeper `tally.go`):
 * 1. quorum:    votedPower × quorum.den ≥ totalPower × quorum.num, else `no-quorum`;
 * 2. abstain:   if yes + no + veto = 0 (everyone who voted abstained), `rejected`;
 * 3. veto:      veto × veto.den > votedPower × veto.num (strictly), else `vetoed`;
 * 4. threshold: yes × threshold.den > (yes + no + veto) × threshold.num (strictly) → `passed`,
 *               else `rejected`.
 * Abstain counts toward the quorum and toward the veto denominator, never toward the threshold.
 */
import type { Validator } from '../../../protocol/block'
import { InvalidValue } from '../../../protocol/errors'
import type { Address } from '../../../protocol/messages'
import { voteOptions, type GovernanceParams, type Ratio, type VoteOption } from './types'

/** The latest vote of each voter; keys are compared case-insensitively. */
export type Votes = ReadonlyMap<Address, VoteOption> | Readonly<Record<Address, VoteOption>>

export type TallyOutcome = 'passed' | 'rejected' | 'vetoed' | 'no-quorum'

export interface TallyResult {
  /** Voting power behind each option (validators only). */
  yes: bigint
  no: bigint
  abstain: bigint
  veto: bigint
  /** Power of the whole validator set passed in. */
  totalPower: bigint
  /** yes + no + abstain + veto. */
  votedPower: bigint
  quorumReached: boolean
  /** The veto rule alone (veto share of votes cast above the veto threshold), whatever the quorum. */
  vetoed: boolean
  /** quorumReached && !vetoed && yes share above the threshold. */
  passed: boolean
  outcome: TallyOutcome
  /** One sentence for people, e.g. "Passed: 70% yes of 90% voting power (quorum 33.4%)". */
  reason: string
}

/**
 * Tallies the votes against the validator set at the end of the voting period.
 *
 * Only addresses in `validators` count, each weighted by its power; votes of anyone else are
 * ignored. Throws `InvalidValue` on a set with zero total power, a negative power, a validator
 * listed twice, a voter listed twice (differing only in case) or an unknown option.
 *
 * @example
 * const result = tally(
 *   new Map([[alice, 'yes'], [bob, 'no']]),
 *   [{ address: alice, power: 70n }, { address: bob, power: 20n }, { address: carol, power: 10n }],
 *   defaultGovernanceParams,
 * )
 * // result.outcome === 'passed'
 * // result.reason === 'Passed: 77.7% yes of 90% voting power (quorum 33.4%)'
 */
export function tally(
  votes: Votes,
  validators: readonly Validator[],
  params: GovernanceParams,
): TallyResult {
  const powers = powerByAddress(validators)
  let totalPower = 0n
  for (const power of powers.values()) totalPower += power
  if (totalPower === 0n) {
    throw new InvalidValue('validators', 'total voting power is zero; nothing can be tallied')
  }

  const sums: Record<VoteOption, bigint> = { yes: 0n, no: 0n, abstain: 0n, veto: 0n }
  for (const [address, option] of normalizeVotes(votes)) {
    const power = powers.get(address)
    if (power !== undefined) sums[option] += power
  }
  const { yes, no, abstain, veto } = sums
  const votedPower = yes + no + abstain + veto
  const nonAbstain = yes + no + veto

  const quorumReached = atLeast(votedPower, totalPower, params.quorum)
  const vetoed = above(veto, votedPower, params.vetoThreshold)
  const passed = quorumReached && !vetoed && above(yes, nonAbstain, params.threshold)

  const voted = percent(votedPower, totalPower)
  let outcome: TallyOutcome
  let reason: string
  if (!quorumReached) {
    outcome = 'no-quorum'
    reason = `No quorum: ${voted} of voting power voted, ${ratioPercent(params.quorum)} needed`
  } else if (nonAbstain === 0n) {
    outcome = 'rejected'
    reason = `Rejected: every vote was abstain (${voted} of voting power voted)`
  } else if (vetoed) {
    outcome = 'vetoed'
    reason =
      `Vetoed: ${percent(veto, votedPower)} of votes cast were veto, ` +
      `more than ${ratioPercent(params.vetoThreshold)} allowed`
  } else if (passed) {
    outcome = 'passed'
    reason =
      `Passed: ${percent(yes, nonAbstain)} yes of ${voted} voting power ` +
      `(quorum ${ratioPercent(params.quorum)})`
  } else {
    outcome = 'rejected'
    reason =
      `Rejected: ${percent(yes, nonAbstain)} yes of ${voted} voting power ` +
      `(more than ${ratioPercent(params.threshold)} yes needed)`
  }

  return {
    yes,
    no,
    abstain,
    veto,
    totalPower,
    votedPower,
    quorumReached,
    vetoed,
    passed,
    outcome,
    reason,
  }
}

function powerByAddress(validators: readonly Validator[]): Map<Address, bigint> {
  const powers = new Map<Address, bigint>()
  for (const v of validators) {
    const address = v.address.toLowerCase() as Address
    if (v.power < 0n) {
      throw new InvalidValue('validators.power', 'must not be negative', { details: { address } })
    }
    if (powers.has(address)) {
      throw new InvalidValue('validators', 'lists a validator twice', { details: { address } })
    }
    powers.set(address, v.power)
  }
  return powers
}

function normalizeVotes(votes: Votes): Map<Address, VoteOption> {
  const entries: Iterable<[string, VoteOption]> =
    votes instanceof Map ? votes.entries() : Object.entries(votes)
  const normalized = new Map<Address, VoteOption>()
  for (const [key, option] of entries) {
    const address = key.toLowerCase() as Address
    if (!voteOptions.includes(option)) {
      throw new InvalidValue('vote.option', `must be one of ${voteOptions.join(', ')}`, {
        details: { address, option: String(option) },
      })
    }
    if (normalized.has(address)) {
      throw new InvalidValue('votes', 'lists a voter twice (addresses differ only in case)', {
        details: { address },
      })
    }
    normalized.set(address, option)
  }
  return normalized
}

/** part / whole ≥ ratio, exactly. */
function atLeast(part: bigint, whole: bigint, ratio: Ratio): boolean {
  return part * ratio.denominator >= whole * ratio.numerator
}

/** part / whole > ratio, exactly (false when both are 0 and the ratio is 0: 0 > 0 fails). */
function above(part: bigint, whole: bigint, ratio: Ratio): boolean {
  return part * ratio.denominator > whole * ratio.numerator
}

/**
 * part / whole as a percentage with one decimal, rounded down so a shown share never
 * overstates the real one ("70%" rather than "70.0%"; "33.4%"). `whole` must be positive.
 */
function percent(part: bigint, whole: bigint): string {
  return formatTenths((part * 1000n) / whole)
}

function ratioPercent(ratio: Ratio): string {
  return percent(ratio.numerator, ratio.denominator)
}

function formatTenths(tenths: bigint): string {
  const whole = tenths / 10n
  const decimal = tenths % 10n
  return decimal === 0n ? `${whole}%` : `${whole}.${decimal}%`
}
