/**
 * The Byzantine validator: it runs the same driver and core as everyone else, but has no
 * signing guard and equivocates, with one of two strategies:
 * - `random`: for a share of its votes it signs a second vote for another block (or nil) at the
 *   same (height, round, step), and when it proposes it signs a second proposal for another
 *   block (valid or not); each peer gets one version, the other, or both, in either order;
 * - `split`: it tries to make honest nodes disagree. It prevotes a block to half of its peers
 *   and nil to the rest (so some lock and others do not), precommits a block to one peer only
 *   (so that peer may decide alone while the others move to the next round), and when it
 *   proposes it ignores its validValue and proposes a fresh block, so that honest nodes that
 *   forget their locks would decide a second block.
 */
import { VoteType, ZERO_HASH, type Vote } from '../../src/node/protocol/block'
import {
  encodeConsensusMessage,
  type ConsensusMessage,
  type SignedProposal,
  type SignedVote,
} from '../../src/node/protocol/consensusMessages'
import type { ProposalOutput } from '../../src/node/consensus/core/types'
import type { Hex } from '../../src/node/protocol/messages'
import { SimNode } from './node'
import { makeBlock } from './simBlock'
import { blockHashOf, signProposalNative, signVoteNative } from './signer'

export type ByzantineStrategy = 'random' | 'split'

export class ByzantineNode extends SimNode {
  /** Probability that a vote or proposal is equivocated. */
  equivocationRate = 0.5
  strategy: ByzantineStrategy = 'random'

  private randomHash(): Hex {
    const bytes = new Uint8Array(8)
    for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(this.ctx.random() * 256)
    return blockHashOf(bytes)
  }

  /** Sends `a` to some peers, `b` to others, both to a few. */
  private split(a: ConsensusMessage, b: ConsensusMessage): void {
    const bytesA = encodeConsensusMessage(a)
    const bytesB = encodeConsensusMessage(b)
    for (let peer = 0; peer < this.ctx.nodeCount; peer++) {
      if (peer === this.index) continue
      const pick = this.ctx.random()
      if (pick < 0.4) this.ctx.send(this.index, peer, bytesA)
      else if (pick < 0.8) this.ctx.send(this.index, peer, bytesB)
      else if (pick < 0.9) {
        this.ctx.send(this.index, peer, bytesA)
        this.ctx.send(this.index, peer, bytesB)
      } else {
        this.ctx.send(this.index, peer, bytesB)
        this.ctx.send(this.index, peer, bytesA)
      }
    }
  }

  protected override publishVote(vote: Vote): void {
    const { domain } = this.ctx
    const first: SignedVote = {
      vote,
      validator: this.key.address,
      signature: signVoteNative(domain, vote, this.key.privateKey),
    }
    if (this.strategy === 'split' && vote.blockHash !== ZERO_HASH) {
      this.splitVote(first)
      return
    }
    if (this.ctx.random() >= this.equivocationRate) {
      this.emitVote(first, true)
      return
    }
    const otherHash =
      vote.blockHash === ZERO_HASH || this.ctx.random() < 0.5 ? this.randomHash() : ZERO_HASH
    const otherVote = { ...vote, blockHash: otherHash }
    const second: SignedVote = {
      vote: otherVote,
      validator: this.key.address,
      signature: signVoteNative(domain, otherVote, this.key.privateKey),
    }
    this.split({ kind: 'vote', vote: first }, { kind: 'vote', vote: second })
    this.log(
      { type: 'vote', vote: first },
      true,
      encodeConsensusMessage({ kind: 'vote', vote: first }),
    )
    this.feed({ type: 'vote', vote: first })
  }

  /** `split`: the block vote to one peer (precommit) or half the peers (prevote), nil to others. */
  private splitVote(first: SignedVote): void {
    const { domain } = this.ctx
    const nilVote = { ...first.vote, blockHash: ZERO_HASH }
    const nil: SignedVote = {
      vote: nilVote,
      validator: this.key.address,
      signature: signVoteNative(domain, nilVote, this.key.privateKey),
    }
    const bytesBlock = encodeConsensusMessage({ kind: 'vote', vote: first })
    const bytesNil = encodeConsensusMessage({ kind: 'vote', vote: nil })
    const peers = Array.from({ length: this.ctx.nodeCount }, (_, i) => i).filter(
      (i) => i !== this.index,
    )
    const lucky = peers[Math.floor(this.ctx.random() * peers.length)]
    for (const peer of peers) {
      const block =
        first.vote.voteType === VoteType.precommit ? peer === lucky : this.ctx.random() < 0.5
      this.ctx.send(this.index, peer, block ? bytesBlock : bytesNil)
    }
    this.log({ type: 'vote', vote: first }, true, bytesBlock)
    this.feed({ type: 'vote', vote: first })
  }

  protected override publishProposal(output: ProposalOutput): void {
    const { domain } = this.ctx
    let { proposal, block } = output
    if (this.strategy === 'split' && proposal.validRound >= 0n) {
      // Ignore validValue: propose a fresh block as if nothing had been locked.
      const fresh = makeBlock(
        proposal.height,
        this.parentHash(proposal.height),
        this.key.address,
        this.ctx.random,
      )
      proposal = { ...proposal, validRound: -1n, blockHash: fresh.blockHash }
      block = fresh.block
    }
    const first: SignedProposal = {
      proposal,
      proposer: this.key.address,
      signature: signProposalNative(domain, proposal, this.key.privateKey),
      block,
    }
    if (this.ctx.random() >= this.equivocationRate) {
      this.emitProposal(first, true)
      return
    }
    // The second block is valid (a fresh one) or built on a wrong parent.
    const parent = this.ctx.random() < 0.5 ? this.parentHash(proposal.height) : this.randomHash()
    const other = makeBlock(proposal.height, parent, this.key.address, this.ctx.random)
    const otherProposal = { ...proposal, blockHash: other.blockHash }
    const second: SignedProposal = {
      proposal: otherProposal,
      proposer: this.key.address,
      signature: signProposalNative(domain, otherProposal, this.key.privateKey),
      block: other.block,
    }
    this.split({ kind: 'proposal', proposal: first }, { kind: 'proposal', proposal: second })
    const bytes = encodeConsensusMessage({ kind: 'proposal', proposal: first })
    this.log({ type: 'proposal', proposal: first, valid: true }, true, bytes)
    this.feed({ type: 'proposal', proposal: first, valid: true })
  }
}
