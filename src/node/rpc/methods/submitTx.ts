import { z } from 'zod'
import { decodeTx } from '../../protocol/envelope'
import { fromHex } from '../../protocol/hash'
import { publicMethod } from '../method'
import { txHex } from '../params'

/**
 * Verifies a signed transaction (canonical envelope bytes) and adds it to the pool. A refusal
 * is -32010 with the chain's code (`NONCE_MISMATCH`, `BAD_SIGNATURE`, …) in `data.code`.
 */
export const submitTx = publicMethod({
  name: 'custos_submitTx',
  params: z.strictObject({ tx: txHex }),
  handle({ tx }, { ctx }) {
    const bytes = fromHex(tx)
    const id = ctx.backend.chain.submit(bytes)
    const { message } = decodeTx(bytes)
    ctx.submitted.add(id, {
      signer: message.from,
      nonce: message.nonce,
      validUntil: message.validUntil,
    })
    return { id }
  },
})
