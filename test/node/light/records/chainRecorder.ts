/**
 * Records what a real chain (test/fixtures/accounts.ts) produced into a RecordStore, the way
 * the light client does: the verified block first, then the institution's transactions with
 * Merkle proofs from the block's transaction ids, then state snapshots proven at the head.
 */
import type {
  BlockRecord,
  RecordStore,
  TransactionRecord,
} from '../../../../src/node/light/records'
import { merkleProof, toHex, verifyTx, type Address, type Hex } from '../../../../src/node/protocol'
import { fromHex } from '../../../../src/node/protocol/hash'
import type { AccountChain } from '../../../fixtures/accounts'
import { testDomain } from '../../../fixtures/network'

export class ChainRecorder {
  constructor(
    readonly net: AccountChain,
    readonly records: RecordStore,
  ) {}

  /** Records the verified block at `height` (default: the head). */
  block(height: bigint = this.net.height()): BlockRecord {
    const store = this.net.store
    const header = store.header(height)
    const commit = store.commit(height)
    const validators = this.net.chain.validatorSetAt(height)
    if (!header || !commit || !validators) throw new Error(`block ${height} is not in the store`)
    return this.records.putBlock({ header, commit, validators })
  }

  /** Records an included transaction (and its block) as touching `accounts`. */
  tx(id: Hex, accounts: readonly Address[]): TransactionRecord {
    const store = this.net.store
    const location = store.txLocation(id)
    const block = location && store.block(location.height)
    if (!location || !block) throw new Error(`transaction ${id} is not included`)
    this.block(location.height)
    const ids = block.txs.map((bytes) => fromHex(verifyTx(bytes, { domain: testDomain }).id))
    return this.records.putTransaction({
      id,
      height: location.height,
      index: location.index,
      txCount: ids.length,
      bytes: block.txs[location.index] as Uint8Array,
      proof: merkleProof(ids, location.index).map((p) => toHex(p)),
      accounts,
    })
  }

  /** The head's height, with its block recorded, for state snapshots proven at the head. */
  head(): bigint {
    return this.block().height
  }
}
