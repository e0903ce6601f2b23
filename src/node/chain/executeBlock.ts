import type { VerifiedTx } from '../protocol/envelope'
import { CustosError } from '../protocol/errors'
import type { Hex } from '../protocol/messages'
import { applyTx, type BlockContext, endBlock, type StateView } from '../state'

export interface TxRejection {
  id: Hex
  error: CustosError
}

export interface ExecuteBlockResult {
  included: VerifiedTx[]
  rejected: TxRejection[]
}

export interface ExecuteBlockParameters {
  view: StateView
  ctx: BlockContext
  txs: Iterable<VerifiedTx>
  /** Proposing: refused txs are skipped. Validating a received block: any refusal is fatal. */
  mode: 'propose' | 'validate'
  maxTxs: number
  /** Most bytes of encoded transactions. */
  maxBytes: number
}

/** Applies a block's transactions and end-of-block work to `view`. */
export function executeBlock(p: ExecuteBlockParameters): ExecuteBlockResult {
  const included: VerifiedTx[] = []
  const rejected: TxRejection[] = []
  let bytes = 0
  for (const tx of p.txs) {
    if (included.length >= p.maxTxs) break
    const size = tx.bytes.length
    if (bytes + size > p.maxBytes) break
    try {
      applyTx(p.view, p.ctx, tx)
      included.push(tx)
      bytes += size
    } catch (error) {
      if (!(error instanceof CustosError) || p.mode === 'validate') throw error
      rejected.push({ id: tx.id, error })
    }
  }
  endBlock(p.view, p.ctx)
  return { included, rejected }
}
