/**
 * Skipping verification (CometBFT light client spec, "VerifyNonAdjacent"; the Tendermint
 * paper's light client): a block far ahead of a trusted one is accepted when validators with
 * more than 1/3 of the TRUSTED set's power signed it — at least one of them is honest as long
 * as the trusted header is within the trusting period — and more than 2/3 of the block's own
 * set did. When the trusted set's share is too small (the set changed too much), the error is
 * `insufficient-trust` and bisection verifies a block in between first.
 */
import { exceeds } from '../../chain/commitTally'
import { LightClientError, lightErrors } from '../errors'
import type { LightBlock } from '../types'
import { checkBlock, checkTrusted } from './checkBlock'
import type { VerifyOptions } from './options'
import { tallyLightCommit } from './tally'
import { verifyAdjacent } from './verifyAdjacent'

/** Verifies `target` (any height above `trusted`) from `trusted`; throws a `LightClientError`. */
export function verifySkipping(trusted: LightBlock, target: LightBlock, opts: VerifyOptions): void {
  const source = opts.source ?? 'the node'
  const height = target.header.height
  checkTrusted(trusted.header, opts)
  const hash = checkBlock(trusted.header, target, opts)
  const { signed, totals } = tallyLightCommit(
    target,
    hash,
    [trusted.validators],
    opts,
    ([own = 0n, fromTrusted = 0n], [total = 0n, trustedTotal = 0n]) =>
      exceeds(own, total, 2n, 3n) && exceeds(fromTrusted, trustedTotal, 1n, 3n),
  )
  const [own = 0n, fromTrusted = 0n] = signed
  const [total = 0n, trustedTotal = 0n] = totals
  if (!exceeds(fromTrusted, trustedTotal, 1n, 3n))
    throw new LightClientError(
      'insufficient-trust',
      `block ${height} is signed by ${fromTrusted} of the ${trustedTotal} voting power of the ` +
        `set trusted at height ${trusted.header.height}; more than 1/3 is needed to skip to it`,
      {
        details: {
          height: height.toString(),
          trustedHeight: trusted.header.height.toString(),
          signed: fromTrusted.toString(),
          total: trustedTotal.toString(),
        },
      },
    )
  if (!exceeds(own, total, 2n, 3n)) throw lightErrors.insufficientPower(source, height, own, total)
}

/** Adjacent verification for the next height, skipping verification above it. */
export function verifyLightBlock(
  trusted: LightBlock,
  target: LightBlock,
  opts: VerifyOptions,
): void {
  if (target.header.height === trusted.header.height + 1n) verifyAdjacent(trusted, target, opts)
  else verifySkipping(trusted, target, opts)
}
