/**
 * What the RPC server needs from the node: the chain, a little node status, and a signal when
 * a block is committed. The node plugs its Chain plus consensus/p2p status in; tests plug a
 * Chain on a temporary store and emit `onNewBlock` after `produceBlock`.
 */
import type { Chain } from '../chain/Chain'
import type { Address, Hex } from '../protocol/messages'

/** Node information that the chain itself does not hold. */
export interface NodeStatus {
  /** Connected validator peers. */
  peers: number
  /** True while the node is catching up with the network (its head is not the network's). */
  syncing: boolean
  /** The validator address this node signs for, or null for a non-validator node. */
  validator: Address | null
  /** Software version, for operators. */
  version: string
}

export interface RpcBackend {
  /** Head, state, store (blocks, commits, headers, proofs, tx index) and `submit`. */
  readonly chain: Chain
  status(): NodeStatus
  /**
   * Calls `listener` with the height of each block after it is committed to the store, in
   * order. Returns a function that removes the listener.
   */
  onNewBlock(listener: (height: bigint) => void): () => void
  /**
   * Symbols of every token on the chain; `custos_getBalances` lists an address's balance of
   * each. The state lists them under the `tokens` key (`getTokenSymbols`).
   */
  tokenSymbols(): readonly string[]
  /**
   * Whether the node's transaction pool holds `id`. Optional: without it, `custos_getTx`
   * reports as pending the transactions submitted through this server that could still be
   * included (see `SubmittedTxs`).
   */
  isPending?(id: Hex): boolean
}
