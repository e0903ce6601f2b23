/**
 * Proposals of one height, and the messages kept for the next height.
 *
 * Both are bounded: an equivocating proposer can sign any number of proposals for its round, and
 * any validator can send messages for the next height before this one ends.
 */
import type { SignedProposal, SignedVote } from '../../protocol/consensusMessages'
import type { Hex } from '../../protocol/messages'
import type { ProposalInput, VoteInput } from './types'

export interface ProposalEntry {
  signed: SignedProposal
  /** valid(v); undefined until the driver has judged the block. */
  valid: boolean | undefined
}

export type AddProposalResult = 'added' | 'judged' | 'duplicate' | 'dropped'

/** ⟨PROPOSAL, h, r, v, vr⟩ messages from proposer(h, r), per round, in the order they came. */
export class ProposalLog {
  private readonly rounds = new Map<bigint, ProposalEntry[]>()

  constructor(private readonly maxPerRound: number) {}

  /**
   * Keeps `signed` (already checked to come from the round's proposer). A copy of a known
   * proposal only adds a verdict the entry lacks. Beyond `maxPerRound` distinct blocks in a round,
   * a proposal is kept only when `named` (votes name its block).
   */
  add(signed: SignedProposal, valid: boolean | undefined, named: boolean): AddProposalResult {
    const { round, blockHash } = signed.proposal
    const entries = this.rounds.get(round) ?? []
    const existing = entries.find((e) => e.signed.proposal.blockHash === blockHash)
    if (existing !== undefined) {
      if (existing.valid !== undefined || valid === undefined) return 'duplicate'
      existing.valid = valid
      return 'judged'
    }
    if (entries.length >= this.maxPerRound && !named) return 'dropped'
    entries.push({ signed, valid })
    this.rounds.set(round, entries)
    return 'added'
  }

  inRound(round: bigint): readonly ProposalEntry[] {
    return this.rounds.get(round) ?? []
  }

  /** The proposal of id(v) = `blockHash` in `round`, if the driver judged v valid. */
  valid(round: bigint, blockHash: Hex): ProposalEntry | undefined {
    return this.inRound(round).find(
      (e) => e.valid === true && e.signed.proposal.blockHash === blockHash,
    )
  }
}

export type NextHeightMessage = ProposalInput | VoteInput

/** Messages for height + 1, kept (at most `capacity`, without duplicates) until it starts. */
export class NextHeightBuffer {
  private messages: NextHeightMessage[] = []
  private readonly keys = new Set<string>()

  constructor(private readonly capacity: number) {}

  addProposal(signed: SignedProposal): void {
    const { round, blockHash } = signed.proposal
    // The verdict is not kept: the driver judges the block once that height starts.
    this.add({ type: 'proposal', proposal: signed }, `p:${signed.proposer}:${round}:${blockHash}`)
  }

  addVote(signed: SignedVote): void {
    const { round, voteType, blockHash } = signed.vote
    this.add(
      { type: 'vote', vote: signed },
      `v:${signed.validator}:${round}:${voteType}:${blockHash}`,
    )
  }

  /** Empties the buffer and returns what it held, in arrival order. */
  drain(): NextHeightMessage[] {
    const messages = this.messages
    this.messages = []
    this.keys.clear()
    return messages
  }

  private add(message: NextHeightMessage, key: string): void {
    if (this.messages.length >= this.capacity || this.keys.has(key)) return
    this.keys.add(key)
    this.messages.push(message)
  }
}
