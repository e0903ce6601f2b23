/** The transactions of a stored block with their ids (the leaves of the header's txRoot). */
import type { CustosDomain } from '../protocol/eip712'
import { decodeTx, txDigest } from '../protocol/envelope'
import type { Hex, SignedTx } from '../protocol/messages'

export interface BlockTx {
  id: Hex
  tx: SignedTx
  bytes: Uint8Array
}

/** Decodes a block's transactions (already verified when the block was stored). */
export function blockTxs(domain: CustosDomain, txs: readonly Uint8Array[]): BlockTx[] {
  return txs.map((bytes) => {
    const tx = decodeTx(bytes)
    return { id: txDigest(domain, tx), tx, bytes }
  })
}
