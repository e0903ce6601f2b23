/**
 * Verifying blocks below the lowest trusted one (CometBFT light client, "backwards
 * verification"): each header's hash must be the `lastBlockHash` of the trusted header above
 * it, so no signature is needed; the validator sets are checked against the hashes the headers
 * name.
 */
import { headerHash, validatorSetHash } from '../protocol/block'
import { lightErrors } from './errors'
import { fetchBlockAt, type FetchPolicy } from './fetchBlock'
import type { LightBlock, LightProvider } from './types'

export interface VerifyBackwardsParameters {
  /** The lowest trusted block. */
  from: LightBlock
  /** The height to reach (below `from`). */
  to: bigint
  provider: LightProvider
  policy: FetchPolicy
}

/** Verified blocks from `from.height - 1` down to `to`, in that order. */
export async function verifyBackwards(p: VerifyBackwardsParameters): Promise<LightBlock[]> {
  const out: LightBlock[] = []
  let above = p.from
  for (let height = above.header.height - 1n; height >= p.to; height--) {
    const block = await fetchBlockAt(p.provider, height, p.policy)
    const hash = headerHash(block.header)
    if (hash !== above.header.lastBlockHash)
      throw lightErrors.forgedHeader(
        p.provider.name,
        height,
        `its hash ${hash} is not the one block ${above.header.height} links to`,
      )
    if (validatorSetHash(block.validators) !== block.header.validatorsHash)
      throw lightErrors.wrongValidatorSet(
        p.provider.name,
        height,
        'the set sent is not the one the header names',
      )
    out.push(block)
    above = block
  }
  return out
}
