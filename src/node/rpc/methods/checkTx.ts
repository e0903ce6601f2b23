import { z } from 'zod'
import { nativeRecoverAddress } from '../../chain/nativeRecover'
import { verifyTx } from '../../protocol/envelope'
import { fromHex } from '../../protocol/hash'
import { applyTx } from '../../state/applyTx'
import type { CheckTxAnswer } from '../answers'
import { publicMethod } from '../method'
import { txHex } from '../params'

/**
 * A dry run: applies a signed transaction to a copy of the head state, as the next block
 * would now, and discards the result. `{ id, kind, signer }` when it would be accepted; a
 * refusal is -32010 with the chain's code (`POLICY_DENIED`, `INSUFFICIENT_BALANCE`, …) —
 * the reason a proposer would drop it. It needs the transaction signed, so it tells the
 * signer (or whoever they gave it to) only what submitting it would.
 */
export const checkTx = publicMethod({
  name: 'custos_checkTx',
  params: z.strictObject({ tx: txHex }),
  handle({ tx }, { ctx }): CheckTxAnswer {
    const { chain } = ctx.backend
    const verified = verifyTx(fromHex(tx), { domain: chain.domain, recover: nativeRecoverAddress })
    const head = chain.head()
    const nowMs = BigInt(Math.floor(ctx.now()))
    const timeMs = nowMs > head.header.timeMs ? nowMs : head.header.timeMs + 1n
    applyTx(
      chain.state().fork(),
      { domain: chain.domain, height: head.height + 1n, time: timeMs / 1000n },
      verified,
    )
    return { id: verified.id, kind: verified.tx.kind, signer: verified.signer }
  },
})
