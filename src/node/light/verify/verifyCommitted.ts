/**
 * A block verified on its own: consistent (`checkSelf`) and signed by more than 2/3 of its own
 * validator set. This is how a root the user trusts by hash is checked: the hash pins the
 * header, the header pins the set, and the commit shows the set finalized it.
 */
import { exceeds } from '../../chain/commitTally'
import { lightErrors } from '../errors'
import type { LightBlock } from '../types'
import { checkNotFuture, checkSelf } from './checkBlock'
import type { VerifyOptions } from './options'
import { tallyLightCommit } from './tally'

export function verifyCommitted(block: LightBlock, opts: VerifyOptions): void {
  const hash = checkSelf(block, opts)
  checkNotFuture(block.header, opts)
  const { signed, totals } = tallyLightCommit(block, hash, [], opts, ([own = 0n], [total = 0n]) =>
    exceeds(own, total, 2n, 3n),
  )
  const [own = 0n] = signed
  const [total = 0n] = totals
  if (!exceeds(own, total, 2n, 3n))
    throw lightErrors.insufficientPower(opts.source ?? 'the node', block.header.height, own, total)
}
