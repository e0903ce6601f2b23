/**
 * Errors of the validator's safety layer: the last-sign state (SafeSigner) and the consensus
 * write-ahead log (ConsensusWal).
 * A refused double sign has its own code, `DOUBLE_SIGN_REFUSED`, with `details.reason` saying
 * which rule refused it.
 */
import { CustosError, type CustosErrorOptions } from '../../protocol/errors'

/** A signing step of Tendermint, in the order a round goes through them. */
export type SignStep = 'propose' | 'prevote' | 'precommit'

/** Why a signature was refused. */
export type DoubleSignReason =
  /** The height is below the last signed height. */
  | 'height-regression'
  /** Same height, round below the last signed round. */
  | 'round-regression'
  /** Same height and round, step before the last signed step. */
  | 'step-regression'
  /** Same height, round and step, another block hash (the double sign itself). */
  | 'conflicting-block'
  /** Same height, round, step and block hash, but other signed bytes (other digest). */
  | 'conflicting-digest'

/** The position of one signature: height, round and step, plus the block it is for. */
export interface SignPosition {
  height: bigint
  round: bigint
  step: SignStep
  blockHash: string
}

function positionDetails(p: SignPosition): Record<string, string> {
  return {
    height: p.height.toString(),
    round: p.round.toString(),
    step: p.step,
    blockHash: p.blockHash,
  }
}

function describePosition(p: SignPosition): string {
  return `height ${p.height} round ${p.round} ${p.step}`
}

/**
 * The signer refuses to sign: it has signed something at or after this height/round/step that
 * this signature would contradict. Signing it could get the validator slashed for equivocation.
 */
export class DoubleSignRefused extends CustosError {
  readonly reason: DoubleSignReason

  constructor(reason: DoubleSignReason, requested: SignPosition, last: SignPosition) {
    const what =
      reason === 'conflicting-block'
        ? `block ${last.blockHash} was already signed there; refusing ${requested.blockHash}`
        : reason === 'conflicting-digest'
          ? `other bytes for the same block were already signed there`
          : `the last signature is at ${describePosition(last)} (${reason})`
    super('DOUBLE_SIGN_REFUSED', `Refusing to sign at ${describePosition(requested)}: ${what}`, {
      details: { reason, requested: positionDetails(requested), last: positionDetails(last) },
    })
    this.reason = reason
  }
}

/**
 * The signer's state file is missing, unreadable or corrupt. The validator must not start: it
 * cannot know what it signed before. Restore the file from a backup, or (only if the key has
 * never signed on this chain) initialize a new one; never reset it to zero.
 */
export class SignStateCorrupt extends CustosError {
  constructor(path: string, problem: string, options?: CustosErrorOptions) {
    super(
      'STORE_CORRUPT',
      `Signer state file ${path} ${problem}. The validator cannot start without knowing what it ` +
        `signed last: restore the file from a backup; do not delete or reset it`,
      { ...options, details: { path, problem, ...options?.details } },
    )
  }
}

/** The state file belongs to another validator key or another chain. */
export class SignStateMismatch extends CustosError {
  constructor(
    code: 'WRONG_SIGNER' | 'WRONG_CHAIN',
    message: string,
    details: Record<string, unknown>,
  ) {
    super(code, message, { details })
  }
}

/**
 * Persisting the signer state failed (disk full, I/O error). The signature was not returned, and
 * the signer refuses every further signature until the validator restarts and reloads the file.
 */
export class SignStateWriteFailed extends CustosError {
  constructor(path: string, options?: CustosErrorOptions) {
    super(
      'STORE_CORRUPT',
      `Could not persist the signer state to ${path}; the signer is halted. Fix the disk and ` +
        `restart the validator`,
      { ...options, details: { path, ...options?.details } },
    )
  }
}

/** A record of the consensus write-ahead log is damaged somewhere other than at its tail. */
export class WalCorrupt extends CustosError {
  constructor(file: string, offset: number, problem: string) {
    super(
      'STORE_CORRUPT',
      `Consensus WAL ${file} is corrupt at byte ${offset}: ${problem}. Move the WAL directory ` +
        `aside to start without it (the node then catches up from peers)`,
      { details: { file, offset, problem } },
    )
  }
}
