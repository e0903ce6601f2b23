/**
 * The symbols of every token on the chain: the genesis tokens plus one per `CreateToken`
 * transaction in a block. The state keeps no list of tokens, so a node builds this by reading
 * its blocks once (and then only the new ones, on demand).
 */
import type { Chain } from '../chain/Chain'
import { decodeTx } from '../protocol/envelope'

export interface TokenIndexParameters {
  chain: Chain
  /** Symbols of the genesis document's tokens (`genesis.tokens`). */
  genesisSymbols: readonly string[]
}

export class TokenIndex {
  private readonly chain: Chain
  private readonly known: Set<string>
  private indexedHeight = 0n

  constructor(params: TokenIndexParameters) {
    this.chain = params.chain
    this.known = new Set(params.genesisSymbols)
  }

  /** Every symbol, in the order the tokens were created. */
  symbols(): string[] {
    const head = this.chain.head().height
    for (let height = this.indexedHeight + 1n; height <= head; height++) {
      const block = this.chain.store.block(height)
      for (const bytes of block?.txs ?? []) {
        const tx = decodeTx(bytes)
        if (tx.kind === 'CreateToken') this.known.add(tx.message.symbol)
      }
      this.indexedHeight = height
    }
    return [...this.known]
  }
}
