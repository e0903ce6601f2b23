import { z } from 'zod'
import { keys } from '../../state/keys'
import { requireReadAccess } from '../access'
import { privateMethod } from '../method'
import { address } from '../params'
import { openSnapshot } from '../snapshot'

/** The address's next nonce (0 when it has sent nothing), with its state proof. */
export const getNonce = privateMethod({
  name: 'custos_getNonce',
  params: z.strictObject({ address }),
  handle(params, { ctx }, reader) {
    const snapshot = openSnapshot(ctx.backend.chain)
    requireReadAccess(snapshot.view, reader, [params.address], 'its nonce')
    const proven = snapshot.prove(keys.nonce(params.address))
    return { address: params.address, nonce: proven.value ?? '0', ...proven }
  },
})
