/**
 * A simulated validator: a model of the node driver around the pure consensus core.
 *
 * What survives a crash (what a real node writes to disk; storage.ts):
 * - the decided chain (block, commit and the proposal that carried it, per height);
 * - the last signed (height, round, step) with its digest and signature, written before the
 *   signature leaves the signer: a request to sign at an earlier (height, round, step), or a
 *   different message at the same one, is refused (a "privval" in CometBFT's terms);
 * - a write-ahead log of the core's inputs at the current height: received messages and fired
 *   timeouts are appended without sync, so a crash loses the unsynced tail; this node's own
 *   signed messages and built blocks are synced (and sync everything before them).
 * On restart the node builds a fresh core, starts the height after its last decision and
 * replays the log. Everything else (timers, dedup sets, the core) is lost.
 *
 * Gossip: the network loses messages, so a node that made no progress for `gossipMs` sends its
 * own messages of the current height again, and a node that hears a message from a lower height
 * answers with that height's proposal and commit (catch-up).
 */
import { TendermintCore } from '../../src/node/consensus/core/tendermint'
import type {
  ConsensusInput,
  ConsensusOutput,
  DecideOutput,
  ProposalOutput,
  RequestValueOutput,
  TimeoutConfig,
} from '../../src/node/consensus/core/types'
import { nativeRecoverAddress } from '../../src/node/chain/nativeRecover'
import {
  verifyCommit,
  voteDigest,
  VoteType,
  ZERO_HASH,
  type Commit,
  type Validator,
  type Vote,
} from '../../src/node/protocol/block'
import {
  decodeConsensusMessage,
  encodeConsensusMessage,
  proposalDigest,
  verifySignedProposal,
  verifySignedVote,
  type ConsensusMessage,
  type SignedProposal,
  type SignedVote,
} from '../../src/node/protocol/consensusMessages'
import type { CustosDomain } from '../../src/node/protocol/eip712'
import type { Hex } from '../../src/node/protocol/messages'
import type { EventQueue } from './network'
import type { Recorder } from './recorder'
import { isValidBlock, makeBlock } from './simBlock'
import { blockHashOf, signDigestNative, type SimKey } from './signer'
import { inputHeight, SIGN_STEP, SignGuard, WriteAheadLog, type LoggedInput } from './storage'

export interface SimNodeContext {
  queue: EventQueue
  domain: CustosDomain
  validators: Validator[]
  nodeCount: number
  random: () => number
  send: (from: number, to: number, bytes: Uint8Array) => void
  recorder: Recorder
  commitDelayMs: number
  gossipMs: number
  timeouts: Partial<TimeoutConfig>
  /** Called after every decision (the simulation checks liveness there). */
  onDecide: () => void
}

interface DecidedHeight {
  blockHash: Hex
  commit: Commit
  proposal: SignedProposal
  catchUp?: Uint8Array[]
}

function messageHeight(message: ConsensusMessage): bigint {
  return message.kind === 'vote' ? message.vote.vote.height : message.proposal.proposal.height
}

function latin1(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('latin1')
}

export class SimNode {
  // Durable.
  readonly chain: DecidedHeight[] = []
  private readonly guard = new SignGuard()
  protected readonly wal = new WriteAheadLog()
  // Volatile.
  protected core: TendermintCore | null = null
  private incarnation = 0
  crashed = false
  private seen = new Map<string, { height: bigint; message: ConsensusMessage | null }>()
  private catchUpSentAt = new Map<string, number>()
  private lastProgress = ''
  private replaying = false
  private deferred: RequestValueOutput[] = []
  private work: ConsensusInput[] = []
  private processing = false

  constructor(
    readonly index: number,
    readonly key: SimKey,
    protected readonly ctx: SimNodeContext,
  ) {}

  /** One line on where this node is, for failure reports. */
  describe(): string {
    if (this.crashed || this.core === null)
      return `n${this.index}: down, decided ${this.lastDecided}`
    const s = this.core.state()
    return `n${this.index}: decided ${this.lastDecided}, at h${s.height} r${s.round} ${s.step}${s.decided ? ' (decided)' : ''} locked r${s.lockedRound} valid r${s.validRound}`
  }

  get lastDecided(): bigint {
    return BigInt(this.chain.length)
  }

  /** The height the application is at: the one after the last decision. */
  get appHeight(): bigint {
    return this.lastDecided + 1n
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  boot(): void {
    this.crashed = false
    this.core = new TendermintCore({ address: this.key.address, timeouts: this.ctx.timeouts })
    this.replaying = true
    this.feed({ type: 'start', height: this.appHeight, validators: this.ctx.validators })
    for (const entry of [...this.wal.all()]) this.feed(entry.input)
    this.replaying = false
    const state = this.core.state()
    for (const request of this.deferred)
      if (request.height === state.height && request.round === state.round) this.answer(request)
    this.deferred = []
    this.scheduleGossip()
  }

  /** Loses everything but the disk; the unsynced tail of the log is lost too. */
  crash(): void {
    this.crashed = true
    this.incarnation++
    this.core = null
    this.wal.crash()
    this.seen = new Map()
    this.catchUpSentAt = new Map()
    this.lastProgress = ''
    this.deferred = []
    this.work = []
  }

  // ---- the core ------------------------------------------------------------------------------

  protected feed(input: ConsensusInput): void {
    this.work.push(input)
    if (this.processing) return
    this.processing = true
    try {
      for (let next = this.work.shift(); next !== undefined; next = this.work.shift()) {
        if (this.core === null) break
        for (const output of this.core.handle(next)) this.carryOut(output)
      }
    } finally {
      this.processing = false
      this.work = []
    }
  }

  private carryOut(output: ConsensusOutput): void {
    switch (output.type) {
      case 'requestValue':
        if (this.replaying) this.deferred.push(output)
        else this.answer(output)
        return
      case 'validateProposal':
        this.feed({
          type: 'proposal',
          proposal: output.proposal,
          valid: this.validate(output.proposal),
        })
        return
      case 'proposal':
        this.publishProposal(output)
        return
      case 'vote':
        this.publishVote(output.vote)
        return
      case 'scheduleTimeout': {
        const incarnation = this.incarnation
        const input = {
          type: 'timeout',
          height: output.height,
          round: output.round,
          step: output.step,
        } as const
        this.ctx.queue.after(output.ms, () => {
          if (this.crashed || incarnation !== this.incarnation) return
          this.log(input)
          this.feed(input)
        })
        return
      }
      case 'decide':
        this.onDecide(output)
        return
      case 'evidence':
        this.ctx.recorder.stats.evidence++
        return
    }
  }

  /** getValue(): a new block on top of the last decided one. */
  private answer(request: RequestValueOutput): void {
    const { blockHash, block } = makeBlock(
      request.height,
      this.parentHash(request.height),
      this.key.address,
      this.ctx.random,
    )
    const input = {
      type: 'proposalValue',
      height: request.height,
      round: request.round,
      blockHash,
      block,
    } as const
    this.log(input, true)
    this.feed(input)
  }

  protected parentHash(height: bigint): Hex {
    return height <= 1n ? ZERO_HASH : (this.chain[Number(height) - 2]?.blockHash ?? ZERO_HASH)
  }

  /** valid(v) for a proposal at the application's height; undefined for any other height. */
  private validate(signed: SignedProposal): boolean | undefined {
    const { height } = signed.proposal
    if (height !== this.appHeight) return undefined
    return isValidBlock(signed.block, height, this.parentHash(height))
  }

  private onDecide(output: DecideOutput): void {
    const { height, round, blockHash, block, commit } = output
    const { recorder, domain, validators } = this.ctx
    try {
      verifyCommit({ domain, commit, validators, blockHash, height, recover: nativeRecoverAddress })
    } catch (error) {
      recorder.fail(
        `node ${this.index}: commit of height ${height} does not verify: ${String(error)}`,
      )
    }
    if (height !== this.appHeight || !isValidBlock(block, height, this.parentHash(height)))
      recorder.fail(`node ${this.index} decided an invalid block at height ${height}`)
    const proposal = this.wal
      .all()
      .map((e) => e.input)
      .find(
        (i) =>
          i.type === 'proposal' &&
          i.proposal.proposal.height === height &&
          i.proposal.proposal.round === round &&
          i.proposal.proposal.blockHash === blockHash,
      )
    if (proposal?.type !== 'proposal') {
      recorder.fail(`node ${this.index} decided height ${height} without the proposal in its log`)
      return
    }
    this.chain.push({ blockHash, commit, proposal: proposal.proposal })
    recorder.decided(this.index, height, round, blockHash)
    // The decision is on disk; the log keeps only what belongs to later heights.
    this.wal.truncateThrough(height)
    for (const [key, m] of this.seen) if (m.height < height - 1n) this.seen.delete(key)
    const incarnation = this.incarnation
    this.ctx.queue.after(this.ctx.commitDelayMs, () => {
      if (this.crashed || incarnation !== this.incarnation) return
      this.feed({
        type: 'start',
        height: this.appHeight,
        validators: this.ctx.validators,
        lastCommitRound: round,
      })
    })
    this.ctx.onDecide()
  }

  // ---- signing -------------------------------------------------------------------------------

  /**
   * Signs `digest` at (height, round, step) through the sign guard (storage.ts), and records
   * the signature for the double-signing check.
   */
  private guardedSign(
    height: bigint,
    round: bigint,
    step: number,
    digest: Hex,
  ): { signature: Hex; fresh: boolean } | null {
    const { recorder } = this.ctx
    const signed = this.guard.sign(height, round, step, digest, (d) => {
      recorder.honestSignature(this.index, height, round, step, d)
      return signDigestNative(d, this.key.privateKey)
    })
    if (signed === null) recorder.stats.refusedSignatures++
    return signed
  }

  protected publishVote(vote: Vote): void {
    const step = vote.voteType === VoteType.prevote ? SIGN_STEP.prevote : SIGN_STEP.precommit
    const signed = this.guardedSign(
      vote.height,
      vote.round,
      step,
      voteDigest(this.ctx.domain, vote),
    )
    if (signed === null) return
    this.emitVote({ vote, validator: this.key.address, signature: signed.signature }, signed.fresh)
  }

  protected emitVote(vote: SignedVote, fresh: boolean): void {
    const bytes = encodeConsensusMessage({ kind: 'vote', vote })
    const input = { type: 'vote', vote } as const
    if (fresh) this.log(input, true, bytes)
    this.broadcast(bytes)
    this.feed(input)
  }

  protected publishProposal(output: ProposalOutput): void {
    const { proposal, block } = output
    const digest = proposalDigest(this.ctx.domain, proposal)
    const signed = this.guardedSign(proposal.height, proposal.round, SIGN_STEP.proposal, digest)
    if (signed === null) return
    this.emitProposal(
      { proposal, proposer: this.key.address, signature: signed.signature, block },
      signed.fresh,
    )
  }

  protected emitProposal(proposal: SignedProposal, fresh: boolean): void {
    const bytes = encodeConsensusMessage({ kind: 'proposal', proposal })
    const input = { type: 'proposal', proposal, valid: true } as const
    if (fresh) this.log(input, true, bytes)
    this.broadcast(bytes)
    this.feed(input)
  }

  // ---- network -------------------------------------------------------------------------------

  protected broadcast(bytes: Uint8Array): void {
    for (let peer = 0; peer < this.ctx.nodeCount; peer++)
      if (peer !== this.index) this.ctx.send(this.index, peer, bytes)
  }

  /** Appends to the write-ahead log; `sync` also makes everything before it durable. */
  protected log(input: LoggedInput, sync = false, own?: Uint8Array): void {
    // Replayed inputs are in the log already; a message first signed during replay is not.
    if (this.replaying && own === undefined) return
    this.wal.append(own === undefined ? { input } : { input, own }, sync)
  }

  /**
   * A message from the network. Verified messages are remembered (by their bytes) so a copy is
   * not verified twice, but every copy at the current height is handed to the core again: the
   * core drops duplicates itself, and a message it set aside earlier (a round too far ahead)
   * may count now.
   */
  receive(from: number, bytes: Uint8Array): void {
    if (this.crashed || this.core === null) return
    const key = latin1(bytes)
    let known = this.seen.get(key)
    const firstTime = known === undefined
    if (known === undefined) {
      const checked = this.verify(bytes, this.core.state().height + 1n)
      // Messages too far ahead are not remembered: they are checked again when they come back.
      if (checked === null) return
      this.seen.set(key, checked)
      known = checked
    }
    const { height, message } = known
    if (message === null) return
    if (height < this.appHeight) {
      this.catchUp(from, height)
      return
    }
    const input: LoggedInput =
      message.kind === 'vote'
        ? { type: 'vote', vote: message.vote }
        : { type: 'proposal', proposal: message.proposal, valid: this.validate(message.proposal) }
    if (firstTime) this.log(input)
    this.feed(input)
  }

  /**
   * Decodes and checks a message: `message` is null when it is malformed or badly signed.
   * Messages of decided heights are not verified (they only tell that the sender is behind);
   * messages above `maxHeight` are not looked at (null).
   */
  private verify(
    bytes: Uint8Array,
    maxHeight: bigint,
  ): { height: bigint; message: ConsensusMessage | null } | null {
    let message: ConsensusMessage
    try {
      message = decodeConsensusMessage(bytes)
    } catch {
      return { height: -1n, message: null }
    }
    const height = messageHeight(message)
    if (height > maxHeight) return null
    if (height < this.appHeight) return { height, message }
    try {
      if (message.kind === 'vote')
        verifySignedVote(this.ctx.domain, message.vote, nativeRecoverAddress)
      else {
        verifySignedProposal(this.ctx.domain, message.proposal, nativeRecoverAddress)
        if (blockHashOf(message.proposal.block) !== message.proposal.proposal.blockHash)
          throw new Error('the block does not hash to blockHash')
      }
    } catch {
      return { height, message: null }
    }
    return { height, message }
  }

  /** A peer is at `height`, below ours: send it that height's proposal and commit. */
  private catchUp(peer: number, height: bigint): void {
    if (height < 1n || height >= this.appHeight || peer === this.index) return
    const key = `${peer}:${height}`
    const last = this.catchUpSentAt.get(key)
    if (last !== undefined && this.ctx.queue.now - last < this.ctx.gossipMs) return
    this.catchUpSentAt.set(key, this.ctx.queue.now)
    const decided = this.chain[Number(height) - 1]
    if (decided === undefined) return
    decided.catchUp ??= [
      ...decided.commit.signatures.map(({ validator, signature }) =>
        encodeConsensusMessage({
          kind: 'vote',
          vote: {
            vote: {
              voteType: VoteType.precommit,
              height,
              round: decided.commit.round,
              blockHash: decided.blockHash,
            },
            validator,
            signature,
          },
        }),
      ),
      encodeConsensusMessage({ kind: 'proposal', proposal: decided.proposal }),
    ]
    for (const bytes of decided.catchUp) this.ctx.send(this.index, peer, bytes)
  }

  private scheduleGossip(): void {
    const incarnation = this.incarnation
    this.ctx.queue.after(this.ctx.gossipMs, () => {
      if (this.crashed || incarnation !== this.incarnation || this.core === null) return
      const state = this.core.state()
      const progress = `${this.appHeight}:${state.height}:${state.round}:${state.step}:${state.decided}`
      if (progress === this.lastProgress) {
        for (const entry of this.wal.all())
          if (entry.own !== undefined && inputHeight(entry.input) === state.height)
            this.broadcast(entry.own)
      }
      this.lastProgress = progress
      this.scheduleGossip()
    })
  }
}
