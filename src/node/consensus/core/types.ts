/**
 * Inputs and outputs of the Tendermint consensus core (tendermint.ts).
 *
 * The core is a pure state machine: the node driver feeds it inputs and carries out the outputs
 * it returns (sign and broadcast, schedule a timer, store a decision). It reads no clock, does no
 * I/O, holds no key and draws no random numbers, so replaying the same inputs gives the same
 * outputs (the consensus simulation in test/sim relies on this).
 */
import type { Commit, Validator, Vote } from '../../protocol/block'
import type { Proposal, SignedProposal, SignedVote } from '../../protocol/consensusMessages'
import type { Address, Hex } from '../../protocol/messages'

/** step_p of Algorithm 1; also names the three timeouts. */
export type Step = 'propose' | 'prevote' | 'precommit'

/** Begin consensus at `height` (the paper's "upon start", and line 54 after a decision). */
export interface StartInput {
  type: 'start'
  height: bigint
  validators: readonly Validator[]
  /** The round at which height − 1 was committed, when known; reported back in `state()`. */
  lastCommitRound?: bigint
}

/**
 * A proposal whose signature the driver has checked and whose block hashes to
 * `proposal.blockHash`. `valid` is the application's verdict on the block (the paper's
 * valid(v)); leave it out when the driver cannot judge yet (a proposal for the next height),
 * and the core answers with `validateProposal` once the verdict is needed.
 * The driver also feeds back its own signed proposals (valid: true).
 */
export interface ProposalInput {
  type: 'proposal'
  proposal: SignedProposal
  valid?: boolean
}

/** A vote whose signature the driver has checked; includes this node's own signed votes. */
export interface VoteInput {
  type: 'vote'
  vote: SignedVote
}

/** A timer set by `scheduleTimeout` fired. */
export interface TimeoutInput {
  type: 'timeout'
  height: bigint
  round: bigint
  step: Step
}

/** The driver's answer to `requestValue`: a new block for this node to propose. */
export interface ProposalValueInput {
  type: 'proposalValue'
  height: bigint
  round: bigint
  blockHash: Hex
  block: Uint8Array
}

export type ConsensusInput =
  StartInput | ProposalInput | VoteInput | TimeoutInput | ProposalValueInput

/** This node proposes at (height, round) and has no validValue: build a block (getValue()). */
export interface RequestValueOutput {
  type: 'requestValue'
  height: bigint
  round: bigint
}

/** Judge this proposal's block and pass it back as a `proposal` input with `valid`. */
export interface ValidateProposalOutput {
  type: 'validateProposal'
  proposal: SignedProposal
}

/** Sign, broadcast, and feed back as a `proposal` input (valid: true). */
export interface ProposalOutput {
  type: 'proposal'
  proposal: Proposal
  block: Uint8Array
}

/** Sign, broadcast, and feed back as a `vote` input. */
export interface VoteOutput {
  type: 'vote'
  vote: Vote
}

/** Call back with a `timeout` input after `ms` milliseconds. */
export interface ScheduleTimeoutOutput {
  type: 'scheduleTimeout'
  height: bigint
  round: bigint
  step: Step
  ms: number
}

/** `block` is decided at `height`; `commit` holds >2/3 of the power in precommits for it. */
export interface DecideOutput {
  type: 'decide'
  height: bigint
  round: bigint
  blockHash: Hex
  block: Uint8Array
  commit: Commit
}

/** A validator signed two different votes of one type at one height and round. */
export interface EvidenceOutput {
  type: 'evidence'
  first: SignedVote
  second: SignedVote
}

export type ConsensusOutput =
  | RequestValueOutput
  | ValidateProposalOutput
  | ProposalOutput
  | VoteOutput
  | ScheduleTimeoutOutput
  | DecideOutput
  | EvidenceOutput

/** Timeout of a step at round r = base + r × delta (the paper's timeoutX(r), section 3). */
export interface TimeoutConfig {
  proposeMs: number
  proposeDeltaMs: number
  prevoteMs: number
  prevoteDeltaMs: number
  precommitMs: number
  precommitDeltaMs: number
}

export interface ConsensusCoreOptions {
  /** This node's validator address; null for a node that follows but never votes. */
  address: Address | null
  timeouts?: Partial<TimeoutConfig>
  /** Messages for height + 1 kept until that height starts (default 1024). */
  maxBufferedMessages?: number
  /** Distinct proposals kept per round (an equivocating proposer can send many; default 4). */
  maxProposalsPerRound?: number
  /** Distinct votes kept per validator, round and type (an equivocator's; default 4). */
  maxVotesPerValidator?: number
  /** Rounds above the current one in which one validator's messages are kept (default 2). */
  maxFutureRoundsPerValidator?: number
}

/** A snapshot of the core's variables, for status pages and tests. */
export interface ConsensusState {
  height: bigint
  round: bigint
  step: Step
  lockedRound: bigint
  lockedBlockHash: Hex | null
  validRound: bigint
  validBlockHash: Hex | null
  decided: boolean
  lastCommitRound: bigint
}
