/**
 * Transactions accepted through this server and not yet seen in a block, for `custos_getTx`
 * when the backend cannot look into the node's pool (`RpcBackend.isPending`).
 *
 * A tracked transaction counts as pending while it could still be included: its nonce is not
 * used yet and its `validUntil` is not before the head's time. A transaction the proposer
 * refused for another reason (compliance, balance) stays "pending" here until one of those
 * happens; `RpcBackend.isPending` answers exactly.
 */
import type { Chain } from '../chain/Chain'
import type { Address, Hex } from '../protocol/messages'
import { nonceOf } from '../state/applyTx'
import type { StateView } from '../state/view'

interface Tracked {
  signer: Address
  nonce: bigint
  validUntil: bigint
}

export class SubmittedTxs {
  private readonly tracked = new Map<Hex, Tracked>()
  private readonly capacity: number

  constructor(capacity: number) {
    this.capacity = capacity
  }

  add(id: Hex, tx: Tracked): void {
    this.tracked.delete(id)
    this.tracked.set(id, tx)
    // the oldest entries go first
    for (const oldest of this.tracked.keys()) {
      if (this.tracked.size <= this.capacity) break
      this.tracked.delete(oldest)
    }
  }

  isPending(id: Hex, chain: Chain): boolean {
    const tx = this.tracked.get(id)
    if (!tx) return false
    if (viable(tx, chain.state(), headTime(chain))) return true
    this.tracked.delete(id)
    return false
  }

  /** Forgets transactions that were included or can no longer be (call after each block). */
  prune(chain: Chain): void {
    if (this.tracked.size === 0) return
    const view = chain.state()
    const time = headTime(chain)
    for (const [id, tx] of this.tracked) if (!viable(tx, view, time)) this.tracked.delete(id)
  }
}

function headTime(chain: Chain): bigint {
  return chain.head().header.timeMs / 1000n
}

function viable(tx: Tracked, view: StateView, time: bigint): boolean {
  return nonceOf(view, tx.signer) <= tx.nonce && tx.validUntil >= time
}
