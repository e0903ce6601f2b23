/** The commit tally of the light client: turns a failed tally into the user-facing error. */
import { tallyCommit, type CommitTally } from '../../chain/commitTally'
import type { Validator } from '../../protocol/block'
import type { Hex } from '../../protocol/messages'
import { lightErrors } from '../errors'
import type { LightBlock } from '../types'
import type { VerifyOptions } from './options'

export interface LightTally {
  signed: bigint[]
  totals: bigint[]
}

/** Tallies `block.commit` against its own set and `extra` sets; stops once `enough` holds. */
export function tallyLightCommit(
  block: LightBlock,
  blockHash: Hex,
  extra: ReadonlyArray<readonly Validator[]>,
  opts: VerifyOptions,
  enough: (signed: readonly bigint[], totals: readonly bigint[]) => boolean,
): LightTally {
  const tally: CommitTally = tallyCommit({
    domain: opts.domain,
    commit: block.commit,
    blockHash,
    height: block.header.height,
    sets: [block.validators, ...extra],
    strangers: 'error',
    recover: opts.recover,
    enough,
  })
  if (!tally.ok)
    throw lightErrors.badCommit(opts.source ?? 'the node', block.header.height, tally.message)
  return { signed: tally.signed, totals: tally.totals }
}
