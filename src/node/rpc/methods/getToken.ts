import { z } from 'zod'
import { keys } from '../../state/keys'
import { publicMethod } from '../method'
import { symbol } from '../params'
import { openSnapshot } from '../snapshot'

/** A token's record (metadata, rules, supply, holder count) with its state proof. */
export const getToken = publicMethod({
  name: 'custos_getToken',
  params: z.strictObject({ symbol }),
  handle(params, { ctx }) {
    return openSnapshot(ctx.backend.chain).prove(keys.token(params.symbol))
  },
})
