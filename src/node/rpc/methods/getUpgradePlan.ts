import { z } from 'zod'
import { keys } from '../../state/keys'
import { publicMethod } from '../method'
import { openSnapshot } from '../snapshot'

/**
 * The software upgrade governance decided (`{ name, haltHeight, proposalId }`), with its state
 * proof; `value: null` with an absence proof when none is planned.
 */
export const getUpgradePlan = publicMethod({
  name: 'custos_getUpgradePlan',
  params: z.strictObject({}),
  handle(_params, { ctx }) {
    return openSnapshot(ctx.backend.chain).prove(keys.upgradePlan())
  },
})
