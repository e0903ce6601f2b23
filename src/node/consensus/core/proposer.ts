/**
 * Proposer selection: proposer(h, r) of Algorithm 1, a deterministic weighted round-robin.
 *
 * Rule: sort the validators by address; give each a weight equal to its power divided by the
 * greatest common divisor of all powers (when those weights sum to more than 1024, each weight is
 * instead ⌈power · 1024 / total⌉, so the cycle stays short for any uint64 powers). Build one cycle
 * of Σ weights slots with smooth weighted round-robin: at every slot each validator's credit grows
 * by its weight, the validator with the most credit (the lower address on a tie) takes the slot
 * and loses Σ weights. Then proposer(h, r) = cycle[(h + r) mod Σ weights].
 *
 * Every validator proposes in proportion to its weight, evenly spread over the cycle; with equal
 * powers this is plain round-robin in address order. The rule depends only on the validator set,
 * the height and the round, so every node computes the same proposer.
 */
import type { Validator } from '../../protocol/block'
import type { Address } from '../../protocol/messages'

const MAX_CYCLE = 1024n

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b]
  return a
}

function weightsOf(validators: readonly Validator[]): bigint[] {
  const total = validators.reduce((sum, v) => sum + v.power, 0n)
  const divisor = validators.reduce((g, v) => gcd(g, v.power), 0n)
  const reduced = validators.map((v) => v.power / divisor)
  if (total / divisor <= MAX_CYCLE) return reduced
  return validators.map((v) => (v.power * MAX_CYCLE + total - 1n) / total)
}

export class ProposerSchedule {
  /** The proposer of each slot of one cycle. */
  readonly cycle: readonly Address[]

  /** `validators` sorted by lowercase address, each with power > 0. */
  constructor(validators: readonly Validator[]) {
    if (validators.length === 0) throw new Error('the validator set is empty')
    const weights = weightsOf(validators)
    const total = weights.reduce((sum, w) => sum + w, 0n)
    const credit = weights.map(() => 0n)
    const cycle: Address[] = []
    for (let slot = 0n; slot < total; slot++) {
      let best = 0
      for (let i = 0; i < weights.length; i++) {
        credit[i] = (credit[i] ?? 0n) + (weights[i] ?? 0n)
        if ((credit[i] ?? 0n) > (credit[best] ?? 0n)) best = i
      }
      credit[best] = (credit[best] ?? 0n) - total
      cycle.push((validators[best] as Validator).address)
    }
    this.cycle = cycle
  }

  proposer(height: bigint, round: bigint): Address {
    const slot = (height + round) % BigInt(this.cycle.length)
    return this.cycle[Number(slot)] as Address
  }
}
