/**
 * The message log of one height, as Algorithm 1's upon-rules read it: votes per (round, type)
 * with the voting power behind each block hash, and the validators heard from in each round.
 *
 * "2f + 1" is more than 2/3 of the total voting power and "f + 1" more than 1/3 (the paper
 * assumes n = 3f + 1 and counts messages; with weighted validators it counts power).
 * Each validator counts once per (round, type): the first vote received is kept and a different
 * second one is returned as equivocation evidence, never counted.
 */
import { VoteType, type Validator } from '../../protocol/block'
import type { SignedVote } from '../../protocol/consensusMessages'
import type { Address, Hex } from '../../protocol/messages'

export type AddVoteResult =
  | { status: 'added' }
  | { status: 'duplicate' }
  | { status: 'unknown-validator' }
  /** A second, different vote; `counted` is false once the validator hit its cap. */
  | { status: 'conflict'; first: SignedVote; counted: boolean }

/** More than 2/3 of `total`. */
export function isTwoThirds(power: bigint, total: bigint): boolean {
  return power * 3n > total * 2n
}

/** More than 1/3 of `total`. */
export function isOneThird(power: bigint, total: bigint): boolean {
  return power * 3n > total
}

/**
 * The votes of one type in one round.
 *
 * The paper counts messages: 2f + 1 ⟨PRECOMMIT, h, r, id(v)⟩ means that many distinct senders
 * sent that message. An equivocating validator sent two messages, so it counts towards both
 * block hashes (but once towards "any"). Safety is unaffected: two quorums still intersect in
 * more than 1/3 of the power, which holds an honest validator while the faulty hold less.
 * Counting both is needed for liveness: a commit gathered by another node may hold the
 * equivocator's other vote. At most `maxVotesPerValidator` distinct votes are kept per
 * validator, so an equivocator cannot grow the log without bound.
 */
export class VoteSet {
  private readonly byValidator = new Map<Address, SignedVote[]>()
  private readonly powerByBlock = new Map<Hex, bigint>()
  /** Power of every validator that voted, for any block or nil, each counted once. */
  power = 0n

  constructor(private readonly maxVotesPerValidator: number) {}

  /** The first vote received from `validator`. */
  get(validator: Address): SignedVote | undefined {
    return this.byValidator.get(validator)?.[0]
  }

  add(vote: SignedVote, validator: Address, power: bigint): AddVoteResult {
    const blockHash = vote.vote.blockHash
    const votes = this.byValidator.get(validator)
    if (votes === undefined) {
      this.byValidator.set(validator, [vote])
      this.power += power
    } else {
      if (votes.some((v) => v.vote.blockHash === blockHash)) return { status: 'duplicate' }
      const first = votes[0] as SignedVote
      if (votes.length >= this.maxVotesPerValidator)
        return { status: 'conflict', first, counted: false }
      votes.push(vote)
      this.powerByBlock.set(blockHash, (this.powerByBlock.get(blockHash) ?? 0n) + power)
      return { status: 'conflict', first, counted: true }
    }
    this.powerByBlock.set(blockHash, (this.powerByBlock.get(blockHash) ?? 0n) + power)
    return { status: 'added' }
  }

  powerFor(blockHash: Hex): bigint {
    return this.powerByBlock.get(blockHash) ?? 0n
  }

  /** Block hashes (the zero hash for nil) that have votes, with their power. */
  blocks(): IterableIterator<[Hex, bigint]> {
    return this.powerByBlock.entries()
  }

  /** Each validator's vote for `blockHash`, sorted by validator address. */
  votesFor(blockHash: Hex): SignedVote[] {
    const out: SignedVote[] = []
    const validators = [...this.byValidator.keys()].sort()
    for (const validator of validators) {
      const vote = this.byValidator.get(validator)?.find((v) => v.vote.blockHash === blockHash)
      if (vote !== undefined) out.push(vote)
    }
    return out
  }
}

export interface RoundLog {
  prevotes: VoteSet
  precommits: VoteSet
  /** Validators that sent any message (proposal, prevote, precommit) in this round. */
  senders: Set<Address>
  senderPower: bigint
}

/** All messages of one height, with the validator set's powers. */
export class HeightLog {
  readonly totalPower: bigint
  private readonly powers: Map<Address, bigint>
  private readonly rounds = new Map<bigint, RoundLog>()
  /** Rounds in which each validator sent something. */
  private readonly roundsOf = new Map<Address, Set<bigint>>()

  constructor(
    validators: readonly Validator[],
    private readonly maxVotesPerValidator = 4,
  ) {
    this.powers = new Map(validators.map((v) => [v.address, v.power]))
    this.totalPower = validators.reduce((sum, v) => sum + v.power, 0n)
  }

  powerOf(validator: Address): bigint | undefined {
    return this.powers.get(validator)
  }

  round(round: bigint): RoundLog {
    let log = this.rounds.get(round)
    if (log === undefined) {
      log = {
        prevotes: new VoteSet(this.maxVotesPerValidator),
        precommits: new VoteSet(this.maxVotesPerValidator),
        senders: new Set(),
        senderPower: 0n,
      }
      this.rounds.set(round, log)
    }
    return log
  }

  roundNumbers(): IterableIterator<bigint> {
    return this.rounds.keys()
  }

  /** How many rounds above `round` `validator` has sent messages in. */
  roundsAbove(validator: Address, round: bigint): number {
    let count = 0
    for (const r of this.roundsOf.get(validator) ?? []) if (r > round) count++
    return count
  }

  hasSentIn(validator: Address, round: bigint): boolean {
    return this.roundsOf.get(validator)?.has(round) ?? false
  }

  /** Records that `validator` (a member of the set) sent a message in `round`. */
  noteSender(validator: Address, round: bigint): void {
    const log = this.round(round)
    if (!log.senders.has(validator)) {
      log.senders.add(validator)
      log.senderPower += this.powers.get(validator) ?? 0n
    }
    let rounds = this.roundsOf.get(validator)
    if (rounds === undefined) this.roundsOf.set(validator, (rounds = new Set()))
    rounds.add(round)
  }

  addVote(signed: SignedVote): AddVoteResult {
    const validator = signed.validator.toLowerCase() as Address
    const power = this.powers.get(validator)
    if (power === undefined) return { status: 'unknown-validator' }
    const log = this.round(signed.vote.round)
    const set = signed.vote.voteType === VoteType.prevote ? log.prevotes : log.precommits
    const result = set.add(signed, validator, power)
    if (result.status === 'added') this.noteSender(validator, signed.vote.round)
    return result
  }

  /** 2f + 1 ⟨type, h, round, ∗⟩: more than 2/3 of the power voted, for anything. */
  twoThirdsAny(round: bigint, type: 'prevotes' | 'precommits'): boolean {
    const log = this.rounds.get(round)
    return log !== undefined && isTwoThirds(log[type].power, this.totalPower)
  }

  /** 2f + 1 ⟨type, h, round, blockHash⟩. */
  twoThirdsFor(round: bigint, type: 'prevotes' | 'precommits', blockHash: Hex): boolean {
    const log = this.rounds.get(round)
    return log !== undefined && isTwoThirds(log[type].powerFor(blockHash), this.totalPower)
  }

  /** The block hash (or the zero hash) that has 2f + 1 votes of `type` in `round`, if any. */
  twoThirdsMajority(round: bigint, type: 'prevotes' | 'precommits'): Hex | null {
    const log = this.rounds.get(round)
    if (log === undefined) return null
    for (const [blockHash, power] of log[type].blocks())
      if (isTwoThirds(power, this.totalPower)) return blockHash
    return null
  }

  /** f + 1 ⟨∗, h, round, ∗, ∗⟩: validators with more than 1/3 of the power sent messages. */
  oneThirdSent(round: bigint): boolean {
    const log = this.rounds.get(round)
    return log !== undefined && isOneThird(log.senderPower, this.totalPower)
  }
}
