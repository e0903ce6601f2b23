/**
 * What a simulated validator keeps on disk across a crash, besides its decided chain: the
 * signing guard and the consensus write-ahead log.
 */
import type { ConsensusInput } from '../../src/node/consensus/core/types'
import type { Hex } from '../../src/node/protocol/messages'

/** Signing steps in the order a validator passes them within a round. */
export const SIGN_STEP = { proposal: 1, prevote: 2, precommit: 3 } as const

/**
 * The last (height, round, step) signed, with its digest and signature, written before a
 * signature is released (CometBFT's "privval" state). A request to sign at an earlier
 * (height, round, step), or a different digest at the same one, is refused; the same digest at
 * the same one gets the stored signature again.
 */
export class SignGuard {
  private last: {
    height: bigint
    round: bigint
    step: number
    digest: Hex
    signature: Hex
  } | null = null

  /**
   * Signs through `sign` when allowed. Returns null when refused, and `fresh: false` when the
   * stored signature is handed out again.
   */
  sign(
    height: bigint,
    round: bigint,
    step: number,
    digest: Hex,
    sign: (digest: Hex) => Hex,
  ): { signature: Hex; fresh: boolean } | null {
    const last = this.last
    if (last !== null) {
      const order =
        height !== last.height
          ? height < last.height
            ? -1
            : 1
          : round !== last.round
            ? round < last.round
              ? -1
              : 1
            : Math.sign(step - last.step)
      if (order < 0 || (order === 0 && digest !== last.digest)) return null
      if (order === 0) return { signature: last.signature, fresh: false }
    }
    const signature = sign(digest)
    this.last = { height, round, step, digest, signature }
    return { signature, fresh: true }
  }
}

export type LoggedInput = Exclude<ConsensusInput, { type: 'start' }>

export interface WalEntry {
  input: LoggedInput
  /** Wire bytes, when this is a message the node signed itself. */
  own?: Uint8Array
}

export function inputHeight(input: LoggedInput): bigint {
  switch (input.type) {
    case 'proposal':
      return input.proposal.proposal.height
    case 'vote':
      return input.vote.vote.height
    default:
      return input.height
  }
}

/**
 * The write-ahead log of the core's inputs. Appends are buffered until a sync, which makes them
 * and everything before them durable; a crash loses the unsynced tail, as a file written
 * without fsync would.
 */
export class WriteAheadLog {
  private entries: WalEntry[] = []
  private synced = 0

  append(entry: WalEntry, sync: boolean): void {
    this.entries.push(entry)
    if (sync) this.synced = this.entries.length
  }

  /** Everything appended so far (what a running node can read back). */
  all(): readonly WalEntry[] {
    return this.entries
  }

  /** The log after a crash: the unsynced tail is gone. */
  crash(): void {
    this.entries.length = this.synced
  }

  /** Rewrites the log (synced) with only the entries above `height`, once it is decided. */
  truncateThrough(height: bigint): void {
    this.entries = this.entries.filter((e) => inputHeight(e.input) > height)
    this.synced = this.entries.length
  }
}
