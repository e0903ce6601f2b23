/**
 * Counting the voting power behind a commit, against one or more validator sets at once: the
 * light client checks a commit against its own set (more than 2/3) and a trusted older set
 * (more than 1/3) in one pass, and a node checks reported evidence against the set it knows.
 * Pure (no I/O): light clients import it.
 *
 * Like CometBFT's `VerifyCommitLight` / `VerifyCommitLightTrusting`, a tally may stop as soon
 * as `enough` says the thresholds are met: signatures after that point are not checked, since
 * no further signature can make a commit with enough valid power less valid.
 */
import { VoteType, voteDigest, type Commit, type Validator } from '../protocol/block'
import type { CustosDomain } from '../protocol/eip712'
import { fromHex } from '../protocol/hash'
import type { Address, Hex } from '../protocol/messages'
import { parseSignature, type RecoverAddress } from '../protocol/signature'

export interface TallyCommitParameters {
  domain: CustosDomain
  commit: Commit
  /** The block the commit must be for. */
  blockHash: Hex
  height: bigint
  /** Sets whose signed power is counted; `sets[0]` is the commit's own set. */
  sets: ReadonlyArray<readonly Validator[]>
  /**
   * `error`: a signer outside `sets[0]` makes the commit invalid (it is the set that signs the
   * block). `skip`: such signers are ignored (evidence checked against another set).
   */
  strangers: 'error' | 'skip'
  recover: RecoverAddress
  /** Stop early once this holds for the power counted so far. */
  enough?: (signed: readonly bigint[], totals: readonly bigint[]) => boolean
}

export type CommitProblem =
  'wrong-height' | 'wrong-block' | 'unsorted' | 'not-a-validator' | 'bad-signature'

export type CommitTally =
  | {
      ok: true
      /** Signed power per set, in the order of `sets`. */
      signed: bigint[]
      /** Total power per set. */
      totals: bigint[]
      /** Signers counted (valid signatures seen before stopping). */
      signers: Address[]
    }
  | { ok: false; problem: CommitProblem; message: string; validator?: Address }

/** Total voting power of a set. */
export function totalPower(validators: readonly Validator[]): bigint {
  let total = 0n
  for (const v of validators) total += v.power
  return total
}

/** True when `signed` is more than `numerator / denominator` of `total`. */
export function exceeds(signed: bigint, total: bigint, numerator: bigint, denominator: bigint) {
  return signed * denominator > total * numerator
}

/** Tallies the valid precommit signatures of `commit` against each set (see the file comment). */
export function tallyCommit(params: TallyCommitParameters): CommitTally {
  const { commit, sets } = params
  if (commit.height !== params.height)
    return {
      ok: false,
      problem: 'wrong-height',
      message: `the commit is for height ${commit.height}, not ${params.height}`,
    }
  if (commit.blockHash.toLowerCase() !== params.blockHash.toLowerCase())
    return {
      ok: false,
      problem: 'wrong-block',
      message: `the commit signs block ${commit.blockHash}, not ${params.blockHash}`,
    }
  const powers = sets.map((set) => new Map(set.map((v) => [v.address.toLowerCase(), v.power])))
  const totals = sets.map(totalPower)
  const signed = sets.map(() => 0n)
  const signers: Address[] = []
  const digest = fromHex(
    voteDigest(params.domain, {
      voteType: VoteType.precommit,
      height: commit.height,
      round: commit.round,
      blockHash: commit.blockHash,
    }),
  )
  let previous = ''
  for (const { validator, signature } of commit.signatures) {
    const address = validator.toLowerCase() as Address
    if (address <= previous)
      return {
        ok: false,
        problem: 'unsorted',
        message: 'the commit signatures are not sorted by validator, or repeat one',
      }
    previous = address
    const counted = powers.map((p) => p.get(address))
    if (counted[0] === undefined && params.strangers === 'error')
      return {
        ok: false,
        problem: 'not-a-validator',
        message: `${address} signed the commit but is not in the block's validator set`,
        validator: address,
      }
    if (counted.every((p) => p === undefined)) continue
    let recovered: string
    try {
      recovered = params.recover(digest, parseSignature(signature)).toLowerCase()
    } catch {
      recovered = ''
    }
    if (recovered !== address)
      return {
        ok: false,
        problem: 'bad-signature',
        message: `the signature of ${address} does not verify`,
        validator: address,
      }
    signers.push(address)
    counted.forEach((p, i) => {
      if (p !== undefined) signed[i] = (signed[i] ?? 0n) + p
    })
    if (params.enough?.(signed, totals)) break
  }
  return { ok: true, signed, totals, signers }
}
