import { z } from 'zod'
import { keys } from '../../state/keys'
import { requireReadAccess } from '../access'
import { privateMethod } from '../method'
import { address, symbol } from '../params'
import { openSnapshot } from '../snapshot'

/**
 * An address's balance of every token (or of `symbols`), each with a state proof; a zero
 * balance comes with the proof that the key is absent.
 */
export const getBalances = privateMethod({
  name: 'custos_getBalances',
  params: z.strictObject({ address, symbols: z.array(symbol).min(1).max(64).optional() }),
  handle(params, { ctx }, reader) {
    const snapshot = openSnapshot(ctx.backend.chain)
    requireReadAccess(snapshot.view, reader, [params.address], 'its balances')
    const symbols = params.symbols ?? ctx.backend.tokenSymbols()
    return {
      address: params.address,
      height: snapshot.height.toString(),
      stateRoot: snapshot.stateRoot,
      balances: [...new Set(symbols)].map((sym) => {
        const proven = snapshot.prove(keys.balance(sym, params.address))
        return { symbol: sym, amount: proven.value ?? '0', proof: proven.proof }
      }),
    }
  },
})
