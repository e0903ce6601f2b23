import { z } from 'zod'
import { headerHash } from '../../protocol/block'
import { fromHex, toHex } from '../../protocol/hash'
import { merkleProof } from '../../protocol/merkle'
import { StoreCorrupt } from '../../protocol/errors'
import { blockTxs } from '../blockTxs'
import { toJson } from '../json'
import { publicMethod } from '../method'
import { bytes32 } from '../params'

/**
 * Where a transaction is: `committed` (block height, index and an inclusion proof against the
 * header's txRoot, `verifyMerkleProof(txRoot, id, index, txCount, proof)`), `pending`, or
 * `unknown`.
 */
export const getTx = publicMethod({
  name: 'custos_getTx',
  params: z.strictObject({ id: bytes32 }),
  handle({ id }, { ctx }) {
    const { chain } = ctx.backend
    const location = chain.store.txLocation(id)
    if (location) {
      const block = chain.store.block(location.height)
      const txs = block ? blockTxs(chain.domain, block.txs) : []
      const entry = txs[location.index]
      if (!block || !entry || entry.id !== id)
        throw new StoreCorrupt(
          `the tx index places ${id} in block ${location.height}, which lacks it`,
        )
      return {
        status: 'committed',
        id,
        height: location.height.toString(),
        index: location.index,
        blockHash: headerHash(block.header),
        txRoot: block.header.txRoot,
        txCount: txs.length,
        proof: merkleProof(
          txs.map((t) => fromHex(t.id)),
          location.index,
        ).map((node) => toHex(node)),
        tx: toHex(entry.bytes),
        kind: entry.tx.kind,
        signer: entry.tx.message.from,
        message: toJson(entry.tx.message),
      }
    }
    const pending = ctx.backend.isPending
      ? ctx.backend.isPending(id)
      : ctx.submitted.isPending(id, chain)
    return { status: pending ? 'pending' : 'unknown', id }
  },
})
