/**
 * Bisection (CometBFT light client spec, "Verification: bisection"): try to verify the target
 * straight from the trusted block; when too little of the trusted set signed it
 * (`insufficient-trust`), verify the block halfway first, and so on, then climb back up. With
 * an unchanged validator set this fetches one block; each set change costs about log2(distance)
 * more.
 */
import type { LightBlock } from './types'

export interface BisectParameters {
  trusted: LightBlock
  target: LightBlock
  /** Fetches the (untrusted) block at a height between the two. */
  fetch(height: bigint): Promise<LightBlock>
  /** Verifies `untrusted` from `trusted` (adjacent or skipping); throws a `LightClientError`. */
  verify(trusted: LightBlock, untrusted: LightBlock): void
  /** Called with each block once verified, lowest first. */
  onVerified(block: LightBlock): Promise<void> | void
}

function needsPivot(error: unknown): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    (error as { reason?: unknown }).reason === 'insufficient-trust'
  )
}

/** Verifies `target` from `trusted` by bisection; resolves with it once verified. */
export async function bisect(p: BisectParameters): Promise<LightBlock> {
  let verified = p.trusted
  const pending: LightBlock[] = [p.target]
  for (;;) {
    const candidate = pending[pending.length - 1]
    if (!candidate) return verified
    try {
      p.verify(verified, candidate)
    } catch (error) {
      const from = verified.header.height
      const to = candidate.header.height
      if (!needsPivot(error) || to - from < 2n) throw error
      pending.push(await p.fetch(from + (to - from) / 2n))
      continue
    }
    verified = candidate
    pending.pop()
    await p.onVerified(candidate)
  }
}
