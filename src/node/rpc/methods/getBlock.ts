import { z } from 'zod'
import { toHex } from '../../protocol/hash'
import { blockTxs } from '../blockTxs'
import { notFound } from '../errors'
import { headerJson } from '../json'
import { publicMethod } from '../method'
import { optionalHeight, resolveHeight } from './heights'

/** The block at `height` (default: the head): header, transaction bytes and their ids. */
export const getBlock = publicMethod({
  name: 'custos_getBlock',
  params: z.strictObject({ height: optionalHeight }),
  handle({ height }, { ctx }) {
    const { chain } = ctx.backend
    const at = resolveHeight(chain, height)
    const block = chain.store.block(at)
    if (!block) throw notFound('block', `no block at height ${at}`)
    const txs = blockTxs(chain.domain, block.txs)
    return {
      header: headerJson(block.header),
      txs: txs.map((t) => toHex(t.bytes)),
      txIds: txs.map((t) => t.id),
    }
  },
})
