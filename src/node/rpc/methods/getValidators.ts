import { z } from 'zod'
import { keys } from '../../state/keys'
import { publicMethod } from '../method'
import { openSnapshot } from '../snapshot'

/** The validator set `[{ address, power }]` with its state proof. */
export const getValidators = publicMethod({
  name: 'custos_getValidators',
  params: z.strictObject({}),
  handle(_params, { ctx }) {
    return openSnapshot(ctx.backend.chain).prove(keys.validators())
  },
})
