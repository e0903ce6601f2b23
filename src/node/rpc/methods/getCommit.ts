import { z } from 'zod'
import { notFound } from '../errors'
import { commitJson } from '../json'
import { publicMethod } from '../method'
import { optionalHeight, resolveHeight } from './heights'

/** The commit (precommit signatures) of the block at `height` (default: the head). */
export const getCommit = publicMethod({
  name: 'custos_getCommit',
  params: z.strictObject({ height: optionalHeight }),
  handle({ height }, { ctx }) {
    const { chain } = ctx.backend
    const at = resolveHeight(chain, height)
    const commit = chain.store.commit(at)
    if (!commit)
      throw notFound(
        'commit',
        at === 0n ? 'the genesis block (height 0) has no commit' : `no commit for height ${at}`,
      )
    return commitJson(commit)
  },
})
