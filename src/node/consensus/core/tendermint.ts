/**
 * The Tendermint consensus algorithm as a pure state machine: Algorithm 1 of "The latest gossip
 * on BFT consensus" (Buchman, Kwon, Milosevic, 2018, arXiv:1807.04938). Line numbers below are
 * the paper's.
 *
 * After every input the upon-rules are evaluated against the message log until none applies
 * (`runRules`), so a rule fires whenever its condition becomes true, whichever input made it so.
 * Values are blocks: id(v) is the block hash and v the encoded block; the core never looks
 * inside a block (the driver's `valid` flag is the paper's valid(v)).
 *
 * Differences from the paper, none of which touches safety:
 * - Line 14–21: the proposer also schedules OnTimeoutPropose, so a proposer whose driver never
 *   returns a value (or whose own proposal is lost) still moves on (CometBFT does the same).
 * - Line 52–54: after deciding, the core waits for `start(h + 1, validators)`: the next
 *   validator set comes from the application, which executes the decided block first.
 * - Own messages restore state: when the driver feeds back (or, after a restart, replays from
 *   its write-ahead log) a message this node signed, the core moves to that message's round
 *   and step and, for a precommit of id(v), to that lock (lines 38–39). While running this is a
 *   no-op (the core got there first); after a crash it keeps a validator from forgetting a lock
 *   or re-entering a step it already signed in.
 * - Only a bounded number of messages are kept: height + 1 messages are buffered (older heights
 *   and later heights are dropped), a validator's messages count in at most
 *   `maxFutureRoundsPerValidator` rounds above the current one, at most `maxProposalsPerRound`
 *   distinct proposals are kept per round unless votes name the block, and at most
 *   `maxVotesPerValidator` distinct votes per validator, round and type (tally.ts).
 */
import { VoteType, ZERO_HASH, type Commit, type Vote } from '../../protocol/block'
import type { Proposal, SignedProposal, SignedVote } from '../../protocol/consensusMessages'
import type { Address, Hex } from '../../protocol/messages'
import { ProposerSchedule } from './proposer'
import { NextHeightBuffer, ProposalLog } from './proposals'
import { HeightLog } from './tally'
import { timeoutConfig, timeoutMs } from './timeouts'
import type {
  ConsensusCoreOptions,
  ConsensusInput,
  ConsensusOutput,
  ConsensusState,
  ProposalInput,
  ProposalValueInput,
  StartInput,
  Step,
  TimeoutConfig,
  TimeoutInput,
  VoteInput,
} from './types'

interface Value {
  blockHash: Hex
  block: Uint8Array
}

const STEP_ORDER: Record<Step, number> = { propose: 0, prevote: 1, precommit: 2 }

function lower<T extends string>(value: T): T {
  return value.toLowerCase() as T
}

/**
 * Tendermint for one validator (or a non-voting follower).
 *
 * @example
 * const core = new TendermintCore({ address: myAddress })
 * for (const output of core.handle({ type: 'start', height: 1n, validators })) carryOut(output)
 * // later, for every signed message received, fired timer or built block:
 * for (const output of core.handle({ type: 'vote', vote: signedVote })) carryOut(output)
 */
export class TendermintCore {
  private readonly address: Address | null
  private readonly timeouts: TimeoutConfig
  private readonly maxProposalsPerRound: number
  private readonly maxFutureRounds: number
  private readonly maxVotesPerValidator: number

  // Algorithm 1, lines 2–9.
  private height = -1n
  private round = 0n
  private step: Step = 'propose'
  private decided = false
  private lockedRound = -1n
  private lockedValue: { blockHash: Hex; block: Uint8Array | null } | null = null
  private validRound = -1n
  private validValue: Value | null = null

  private schedule: ProposerSchedule | null = null
  private log = new HeightLog([])
  private proposals: ProposalLog
  private lastCommitRound = -1n
  /** Rounds in which the "for the first time" rules (lines 34, 36, 47) have fired. */
  private fired = { prevoteTimeout: -1n, lock: -1n, precommitTimeout: -1n }
  /** The (height, round) this node asked the driver to build a block for. */
  private awaitingValue: { height: bigint; round: bigint } | null = null
  private readonly nextHeight: NextHeightBuffer
  private reported = new Set<string>()
  private out: ConsensusOutput[] = []

  constructor(options: ConsensusCoreOptions) {
    this.address = options.address === null ? null : lower(options.address)
    this.timeouts = timeoutConfig(options.timeouts)
    this.maxProposalsPerRound = options.maxProposalsPerRound ?? 4
    this.maxFutureRounds = options.maxFutureRoundsPerValidator ?? 2
    this.maxVotesPerValidator = options.maxVotesPerValidator ?? 4
    this.proposals = new ProposalLog(this.maxProposalsPerRound)
    this.nextHeight = new NextHeightBuffer(options.maxBufferedMessages ?? 1024)
  }

  /** Processes one input and returns what the driver must do, in order. */
  handle(input: ConsensusInput): ConsensusOutput[] {
    this.out = []
    switch (input.type) {
      case 'start':
        this.onStart(input)
        break
      case 'proposal':
        this.onProposal(input)
        break
      case 'vote':
        this.onVote(input)
        break
      case 'timeout':
        this.onTimeout(input)
        break
      case 'proposalValue':
        this.onProposalValue(input)
        break
    }
    return this.out
  }

  state(): ConsensusState {
    return {
      height: this.height,
      round: this.round,
      step: this.step,
      lockedRound: this.lockedRound,
      lockedBlockHash: this.lockedValue?.blockHash ?? null,
      validRound: this.validRound,
      validBlockHash: this.validValue?.blockHash ?? null,
      decided: this.decided,
      lastCommitRound: this.lastCommitRound,
    }
  }

  /** proposer(h, r) for the current height's validator set. */
  proposer(round: bigint): Address | null {
    return this.schedule?.proposer(this.height, round) ?? null
  }

  private get started(): boolean {
    return this.schedule !== null
  }

  private get isValidator(): boolean {
    return this.address !== null && this.log.powerOf(this.address) !== undefined
  }

  // ---- inputs ------------------------------------------------------------------------------

  /** Line 10 (upon start) and lines 52–54 (new height): reset, then StartRound(0). */
  private onStart(input: StartInput): void {
    if (this.started && input.height <= this.height) return
    const validators = input.validators
      .filter((v) => v.power > 0n)
      .map((v) => ({ address: lower(v.address), power: v.power }))
      .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
    this.height = input.height
    this.schedule = new ProposerSchedule(validators)
    this.log = new HeightLog(validators, this.maxVotesPerValidator)
    this.proposals = new ProposalLog(this.maxProposalsPerRound)
    this.decided = false
    this.lockedRound = -1n
    this.lockedValue = null
    this.validRound = -1n
    this.validValue = null
    this.lastCommitRound = input.lastCommitRound ?? -1n
    this.reported = new Set()
    this.fired = { prevoteTimeout: -1n, lock: -1n, precommitTimeout: -1n }
    this.awaitingValue = null
    this.startRound(0n)
    this.runRules()
    for (const message of this.nextHeight.drain()) {
      if (message.type === 'proposal') this.onProposal(message)
      else this.onVote(message)
    }
  }

  private onProposal(input: ProposalInput): void {
    if (!this.started) return
    const signed: SignedProposal = {
      ...input.proposal,
      proposal: { ...input.proposal.proposal, blockHash: lower(input.proposal.proposal.blockHash) },
      proposer: lower(input.proposal.proposer),
    }
    const { height, round, blockHash } = signed.proposal
    if (height === this.height + 1n) return this.nextHeight.addProposal(signed)
    if (height !== this.height || this.decided) return
    // "from proposer(h_p, r)": any other signer is ignored.
    if (signed.proposer !== this.schedule?.proposer(height, round)) return
    if (!this.admitRound(signed.proposer, round)) return
    const log = this.log.round(round)
    const named = log.prevotes.powerFor(blockHash) > 0n || log.precommits.powerFor(blockHash) > 0n
    const result = this.proposals.add(signed, input.valid, named)
    if (result === 'duplicate' || result === 'dropped') return
    if (result === 'added') {
      this.log.noteSender(signed.proposer, round)
      if (input.valid === undefined) this.out.push({ type: 'validateProposal', proposal: signed })
      if (signed.proposer === this.address) this.restoreRound(round, 'propose')
    }
    this.runRules()
  }

  private onVote(input: VoteInput): void {
    if (!this.started) return
    const signed: SignedVote = {
      vote: { ...input.vote.vote, blockHash: lower(input.vote.vote.blockHash) },
      validator: lower(input.vote.validator),
      signature: input.vote.signature,
    }
    const { height, round, voteType, blockHash } = signed.vote
    if (voteType !== VoteType.prevote && voteType !== VoteType.precommit) return
    if (height === this.height + 1n) return this.nextHeight.addVote(signed)
    if (height !== this.height || this.decided) return
    if (this.log.powerOf(signed.validator) === undefined) return // not a validator
    if (!this.admitRound(signed.validator, round)) return
    const result = this.log.addVote(signed)
    if (result.status === 'conflict') {
      const key = `${signed.validator}:${round}:${voteType}`
      if (!this.reported.has(key)) {
        this.reported.add(key)
        this.out.push({ type: 'evidence', first: result.first, second: signed })
      }
      if (result.counted) this.runRules()
      return
    }
    if (result.status !== 'added') return
    if (signed.validator === this.address) {
      this.restoreRound(round, voteType === VoteType.prevote ? 'prevote' : 'precommit')
      if (voteType === VoteType.precommit && blockHash !== ZERO_HASH)
        this.restoreLock(round, blockHash)
    }
    this.runRules()
  }

  /** Lines 57–67: OnTimeoutPropose, OnTimeoutPrevote, OnTimeoutPrecommit. */
  private onTimeout(input: TimeoutInput): void {
    if (!this.started || this.decided) return
    if (input.height !== this.height || input.round !== this.round) return
    if (input.step === 'propose' && this.step === 'propose') {
      // Line 59–60: broadcast ⟨PREVOTE, h_p, round_p, nil⟩; step_p ← prevote.
      this.broadcastVote(VoteType.prevote, ZERO_HASH)
      this.step = 'prevote'
    } else if (input.step === 'prevote' && this.step === 'prevote') {
      // Line 63–64: broadcast ⟨PRECOMMIT, h_p, round_p, nil⟩; step_p ← precommit.
      this.broadcastVote(VoteType.precommit, ZERO_HASH)
      this.step = 'precommit'
    } else if (input.step === 'precommit') {
      // Line 67: StartRound(round_p + 1).
      this.startRound(this.round + 1n)
    } else {
      return
    }
    this.runRules()
  }

  /** Line 18: proposal ← getValue(), answered by the driver; then line 19. */
  private onProposalValue(input: ProposalValueInput): void {
    const awaiting = this.awaitingValue
    if (awaiting === null || awaiting.height !== input.height || awaiting.round !== input.round)
      return
    this.awaitingValue = null
    if (this.decided || input.height !== this.height || input.round !== this.round) return
    if (this.step !== 'propose') return
    this.broadcastProposal(
      { blockHash: lower(input.blockHash), block: input.block },
      this.validRound,
    )
  }

  // ---- StartRound and the upon-rules ------------------------------------------------------

  /**
   * Lines 11–21: StartRound(round). `restoring`: this node is known to have been in `round`
   * already (its own message says so), so it does not propose again.
   */
  private startRound(round: bigint, restoring = false): void {
    this.round = round
    this.step = 'propose'
    this.awaitingValue = null
    if (this.isValidator && this.schedule?.proposer(this.height, round) === this.address) {
      // A proposal of ours for this round is already known (replayed after a restart): never
      // sign a second one.
      if (!restoring && this.proposals.inRound(round).length === 0) {
        if (this.validValue !== null) {
          // Lines 15–16, 19: re-propose validValue_p with validRound_p.
          this.broadcastProposal(this.validValue, this.validRound)
        } else {
          // Line 18: getValue().
          this.awaitingValue = { height: this.height, round }
          this.out.push({ type: 'requestValue', height: this.height, round })
        }
      }
    }
    // Line 21 (for every node; see the header).
    this.scheduleTimeout('propose')
  }

  /** Evaluates the upon-rules until none applies. */
  private runRules(): void {
    while (this.started && !this.decided) {
      if (this.ruleDecide()) return
      if (this.ruleSkipRound()) continue
      if (this.step === 'propose' && this.ruleProposalPrevote()) continue
      if (this.ruleLock()) continue
      if (this.step === 'prevote' && this.rulePrevoteNil()) continue
      if (
        this.step === 'prevote' &&
        this.fired.prevoteTimeout !== this.round &&
        this.log.twoThirdsAny(this.round, 'prevotes')
      ) {
        // Lines 34–35: upon 2f+1 ⟨PREVOTE, h_p, round_p, ∗⟩ while step_p = prevote for the
        // first time: schedule OnTimeoutPrevote(h_p, round_p) after timeoutPrevote(round_p).
        this.fired.prevoteTimeout = this.round
        this.scheduleTimeout('prevote')
        continue
      }
      if (
        this.fired.precommitTimeout !== this.round &&
        this.log.twoThirdsAny(this.round, 'precommits')
      ) {
        // Lines 47–48: upon 2f+1 ⟨PRECOMMIT, h_p, round_p, ∗⟩ for the first time: schedule
        // OnTimeoutPrecommit(h_p, round_p) after timeoutPrecommit(round_p).
        this.fired.precommitTimeout = this.round
        this.scheduleTimeout('precommit')
        continue
      }
      return
    }
  }

  /**
   * Lines 22–27: upon ⟨PROPOSAL, h_p, round_p, v, −1⟩ from proposer(h_p, round_p) while
   * step_p = propose: prevote id(v) if valid(v) ∧ (lockedRound_p = −1 ∨ lockedValue_p = v),
   * else nil; step_p ← prevote.
   * Lines 28–33: upon ⟨PROPOSAL, h_p, round_p, v, vr⟩ from proposer(h_p, round_p) AND 2f+1
   * ⟨PREVOTE, h_p, vr, id(v)⟩ while step_p = propose ∧ (vr ≥ 0 ∧ vr < round_p): prevote id(v)
   * if valid(v) ∧ (lockedRound_p ≤ vr ∨ lockedValue_p = v), else nil; step_p ← prevote.
   * An equivocating proposer's proposals are tried in the order they arrived.
   */
  private ruleProposalPrevote(): boolean {
    for (const { signed, valid } of this.proposals.inRound(this.round)) {
      if (valid === undefined) continue // valid(v) not known yet
      const { validRound: vr, blockHash } = signed.proposal
      const lockedOnIt = this.lockedValue?.blockHash === blockHash
      let accept: boolean
      if (vr === -1n) {
        accept = valid && (this.lockedRound === -1n || lockedOnIt)
      } else if (vr >= 0n && vr < this.round && this.log.twoThirdsFor(vr, 'prevotes', blockHash)) {
        accept = valid && (this.lockedRound <= vr || lockedOnIt)
      } else {
        continue
      }
      this.broadcastVote(VoteType.prevote, accept ? blockHash : ZERO_HASH)
      this.step = 'prevote'
      return true
    }
    return false
  }

  /**
   * Lines 36–43: upon ⟨PROPOSAL, h_p, round_p, v, ∗⟩ from proposer(h_p, round_p) AND 2f+1
   * ⟨PREVOTE, h_p, round_p, id(v)⟩ while valid(v) ∧ step_p ≥ prevote for the first time:
   * if step_p = prevote, lock v (lockedValue_p ← v, lockedRound_p ← round_p), precommit id(v)
   * and step_p ← precommit; in any case validValue_p ← v, validRound_p ← round_p.
   */
  private ruleLock(): boolean {
    if (this.step === 'propose' || this.fired.lock === this.round) return false
    const blockHash = this.log.twoThirdsMajority(this.round, 'prevotes')
    if (blockHash === null || blockHash === ZERO_HASH) return false
    const entry = this.proposals.valid(this.round, blockHash)
    if (entry === undefined) return false
    this.fired.lock = this.round
    const value = { blockHash, block: entry.signed.block }
    if (this.step === 'prevote') {
      this.lockedValue = value
      this.lockedRound = this.round
      this.broadcastVote(VoteType.precommit, blockHash)
      this.step = 'precommit'
    }
    this.validValue = value
    this.validRound = this.round
    return true
  }

  /**
   * Lines 44–46: upon 2f+1 ⟨PREVOTE, h_p, round_p, nil⟩ while step_p = prevote: precommit nil;
   * step_p ← precommit.
   */
  private rulePrevoteNil(): boolean {
    if (!this.log.twoThirdsFor(this.round, 'prevotes', ZERO_HASH)) return false
    this.broadcastVote(VoteType.precommit, ZERO_HASH)
    this.step = 'precommit'
    return true
  }

  /**
   * Lines 49–54: upon ⟨PROPOSAL, h_p, r, v, ∗⟩ from proposer(h_p, r) AND 2f+1
   * ⟨PRECOMMIT, h_p, r, id(v)⟩ while decision_p[h_p] = nil: if valid(v), decide v. Any round r.
   */
  private ruleDecide(): boolean {
    for (const round of this.log.roundNumbers()) {
      const blockHash = this.log.twoThirdsMajority(round, 'precommits')
      if (blockHash === null || blockHash === ZERO_HASH) continue
      const entry = this.proposals.valid(round, blockHash)
      if (entry === undefined) continue
      const commit: Commit = {
        height: this.height,
        round,
        blockHash,
        signatures: this.log
          .round(round)
          .precommits.votesFor(blockHash)
          .map((v) => ({ validator: v.validator, signature: v.signature })),
      }
      this.decided = true
      this.awaitingValue = null
      this.out.push({
        type: 'decide',
        height: this.height,
        round,
        blockHash,
        block: entry.signed.block,
        commit,
      })
      return true
    }
    return false
  }

  /**
   * Lines 55–56: upon f+1 ⟨∗, h_p, round, ∗, ∗⟩ with round > round_p: StartRound(round).
   * With several such rounds, the highest is taken.
   */
  private ruleSkipRound(): boolean {
    let target = -1n
    for (const round of this.log.roundNumbers())
      if (round > this.round && round > target && this.log.oneThirdSent(round)) target = round
    if (target < 0n) return false
    this.startRound(target)
    return true
  }

  // ---- helpers -------------------------------------------------------------------------------

  /** Caps how many rounds above the current one a validator may occupy in the log. */
  private admitRound(validator: Address, round: bigint): boolean {
    if (round <= this.round || validator === this.address) return true
    if (this.log.hasSentIn(validator, round)) return true
    return this.log.roundsAbove(validator, this.round) < this.maxFutureRounds
  }

  /** This node signed a message at (round, step): it was there, so it is there again. */
  private restoreRound(round: bigint, step: Step): void {
    if (round > this.round) this.startRound(round, true)
    if (round === this.round && STEP_ORDER[step] > STEP_ORDER[this.step]) {
      this.step = step
      this.awaitingValue = null
    }
  }

  /** This node precommitted id(v) at `round`: it locked v then (lines 38–39). */
  private restoreLock(round: bigint, blockHash: Hex): void {
    if (round <= this.lockedRound) return
    const block = this.proposals.valid(round, blockHash)?.signed.block ?? null
    this.lockedRound = round
    this.lockedValue = { blockHash, block }
    if (block !== null && round > this.validRound) {
      this.validRound = round
      this.validValue = { blockHash, block }
    }
  }

  private broadcastVote(voteType: bigint, blockHash: Hex): void {
    if (!this.isValidator) return
    const vote: Vote = { voteType, height: this.height, round: this.round, blockHash }
    this.out.push({ type: 'vote', vote })
  }

  private broadcastProposal(value: Value, validRound: bigint): void {
    if (!this.isValidator) return
    const proposal: Proposal = {
      height: this.height,
      round: this.round,
      validRound,
      blockHash: value.blockHash,
    }
    this.out.push({ type: 'proposal', proposal, block: value.block })
  }

  private scheduleTimeout(step: Step): void {
    const ms = timeoutMs(this.timeouts, step, this.round)
    this.out.push({ type: 'scheduleTimeout', height: this.height, round: this.round, step, ms })
  }
}
