/**
 * What a simulation run observed, and the properties it checks as it goes:
 * - agreement: no two honest nodes decide different blocks at one height;
 * - every decided commit verifies (`verifyCommit`) against the validator set;
 * - no honest validator ever signs two different votes or proposals for one
 *   (height, round, step), across crashes included.
 */
import type { Hex } from '../../src/node/protocol/messages'

export class Recorder {
  readonly failures: string[] = []
  /** One line per decision, in order: the run's fingerprint for the determinism check. */
  readonly log: string[] = []
  readonly stats = { decisions: 0, evidence: 0, refusedSignatures: 0, maxRound: 0n }
  private readonly decidedAt = new Map<bigint, { blockHash: Hex; node: number }>()
  private readonly signed = new Map<string, Hex>()

  constructor(
    private readonly honest: ReadonlySet<number>,
    private readonly now: () => number,
  ) {}

  fail(message: string): void {
    if (this.failures.length < 20) this.failures.push(`t=${this.now().toFixed(1)}ms ${message}`)
  }

  decided(node: number, height: bigint, round: bigint, blockHash: Hex): void {
    this.stats.decisions++
    if (round > this.stats.maxRound) this.stats.maxRound = round
    this.log.push(`${this.now().toFixed(3)} n${node} h${height} r${round} ${blockHash}`)
    if (!this.honest.has(node)) return
    const first = this.decidedAt.get(height)
    if (first === undefined) this.decidedAt.set(height, { blockHash, node })
    else if (first.blockHash !== blockHash)
      this.fail(
        `agreement violated at height ${height}: node ${first.node} decided ${first.blockHash}, node ${node} decided ${blockHash}`,
      )
  }

  /** An honest node signed `digest` at (height, round, step). */
  honestSignature(node: number, height: bigint, round: bigint, step: number, digest: Hex): void {
    const key = `${node}:${height}:${round}:${step}`
    const previous = this.signed.get(key)
    if (previous === undefined) this.signed.set(key, digest)
    else if (previous !== digest)
      this.fail(`node ${node} signed two different messages at h${height} r${round} step ${step}`)
  }
}
