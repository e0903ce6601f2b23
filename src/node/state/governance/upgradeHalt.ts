import type { StateView } from '../view'
import { NetworkHalted } from './errors'
import { getUpgradePlan } from './proposals'

/**
 * Refuses a block at or above the halt height of the upgrade plan governance decided
 * (`NetworkHalted`): this software stops there, and the upgraded software carries on. The
 * chain calls it before proposing, validating or importing block `height`.
 */
export function assertNotHalted(view: StateView, height: bigint): void {
  const plan = getUpgradePlan(view)
  if (plan && plan.haltHeight <= height) throw new NetworkHalted(plan.name, plan.haltHeight, height)
}
