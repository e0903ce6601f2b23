/**
 * Sequential verification of the block right after a trusted one (CometBFT light client spec,
 * "VerifyAdjacent"): the new header must link to the trusted one, be signed by the set the
 * trusted header announced as the next (`nextValidatorsHash`), and carry more than 2/3 of that
 * set's power.
 */
import { hashOfHeader } from './hashes'
import { exceeds } from '../../chain/commitTally'
import { lightErrors } from '../errors'
import type { LightBlock } from '../types'
import { checkBlock, checkTrusted } from './checkBlock'
import type { VerifyOptions } from './options'
import { tallyLightCommit } from './tally'

/** Verifies `next` (height trusted + 1) from `trusted`; throws a `LightClientError`. */
export function verifyAdjacent(trusted: LightBlock, next: LightBlock, opts: VerifyOptions): void {
  const source = opts.source ?? 'the node'
  const height = next.header.height
  checkTrusted(trusted.header, opts)
  if (height !== trusted.header.height + 1n)
    throw lightErrors.invalidHeader(source, height, `is not adjacent to ${trusted.header.height}`)
  const hash = checkBlock(trusted.header, next, opts)
  if (next.header.lastBlockHash !== hashOfHeader(trusted.header))
    throw lightErrors.invalidHeader(
      source,
      height,
      `does not extend the trusted block ${trusted.header.height}`,
    )
  if (next.header.validatorsHash !== trusted.header.nextValidatorsHash)
    throw lightErrors.wrongValidatorSet(
      source,
      height,
      `block ${trusted.header.height} announced set ${trusted.header.nextValidatorsHash}, ` +
        `this one names ${next.header.validatorsHash}`,
    )
  const { signed, totals } = tallyLightCommit(next, hash, [], opts, ([own = 0n], [total = 0n]) =>
    exceeds(own, total, 2n, 3n),
  )
  const [own = 0n] = signed
  const [total = 0n] = totals
  if (!exceeds(own, total, 2n, 3n)) throw lightErrors.insufficientPower(source, height, own, total)
}
