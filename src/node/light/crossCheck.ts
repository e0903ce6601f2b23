/**
 * Comparing a newly verified header with the witnesses (CometBFT's light client "detector";
 * Helios checks its consensus RPC the same way). A witness with the same block agrees. A
 * witness with another block at that height is verified in turn from the block trusted before:
 * if its block does not verify, the witness is faulty and ignored; if it does, two blocks at one
 * height are both signed by the validators — a fork — and the pair is evidence.
 */
import type { ForkEvidence } from '../chain/evidence'
import { headerHash } from '../protocol/block'
import { bisect } from './bisection'
import { LightClientError } from './errors'
import { fetchBlockAt, type FetchPolicy } from './fetchBlock'
import type { LightBlock, LightProvider, LightWarning } from './types'

export interface CrossCheckParameters {
  /** The block just verified from the primary. */
  verified: LightBlock
  /** The block trusted before it was verified (where the witness's block is verified from). */
  trusted: LightBlock
  witnesses: readonly LightProvider[]
  policy: FetchPolicy
  /** Verifies `untrusted` from `trusted`, naming `source` in errors. */
  verify(trusted: LightBlock, untrusted: LightBlock, source: string): void
}

export interface CrossCheckResult {
  /** A fork, with the first witness that showed it. */
  fork?: { evidence: ForkEvidence; witness: LightProvider }
  /** Witnesses whose blocks did not verify: they should not be asked again. */
  faulty: LightProvider[]
  warnings: LightWarning[]
}

type WitnessOutcome =
  | { kind: 'agrees' }
  | { kind: 'silent'; warning: LightWarning }
  | { kind: 'faulty'; warning: LightWarning }
  | { kind: 'fork'; block: LightBlock }

async function checkWitness(
  p: CrossCheckParameters,
  witness: LightProvider,
  primaryHash: string,
): Promise<WitnessOutcome> {
  const height = p.verified.header.height
  let block: LightBlock
  try {
    block = await fetchBlockAt(witness, height, p.policy)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    return {
      kind: 'silent',
      warning: {
        provider: witness.name,
        message: `witness did not serve block ${height}: ${reason}`,
      },
    }
  }
  if (headerHash(block.header) === primaryHash) return { kind: 'agrees' }
  try {
    await bisect({
      trusted: p.trusted,
      target: block,
      fetch: (h) => fetchBlockAt(witness, h, p.policy),
      verify: (trusted, untrusted) => p.verify(trusted, untrusted, witness.name),
      onVerified: () => undefined,
    })
  } catch (error) {
    if (!(error instanceof LightClientError)) throw error
    return {
      kind: 'faulty',
      warning: {
        provider: witness.name,
        message: `witness serves another block ${height} that does not verify (${error.reason}); it is ignored from now on`,
      },
    }
  }
  return { kind: 'fork', block }
}

/** Asks every witness for the verified block's height at once (see the file comment). */
export async function crossCheck(p: CrossCheckParameters): Promise<CrossCheckResult> {
  const primaryHash = headerHash(p.verified.header)
  const outcomes = await Promise.all(p.witnesses.map((w) => checkWitness(p, w, primaryHash)))
  const result: CrossCheckResult = { faulty: [], warnings: [] }
  outcomes.forEach((outcome, i) => {
    const witness = p.witnesses[i] as LightProvider
    if (outcome.kind === 'silent' || outcome.kind === 'faulty')
      result.warnings.push(outcome.warning)
    if (outcome.kind === 'faulty') result.faulty.push(witness)
    if (outcome.kind === 'fork' && !result.fork)
      result.fork = {
        witness,
        evidence: {
          height: p.verified.header.height,
          primary: { header: p.verified.header, commit: p.verified.commit },
          witness: { header: outcome.block.header, commit: outcome.block.commit },
        },
      }
  })
  return result
}
