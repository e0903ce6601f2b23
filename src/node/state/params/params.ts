import { keys } from '../keys'
import type { StateView } from '../view'

/** Network parameters (changed by governance in a later version). */
export interface Params {
  /** Most transactions in one block. */
  maxBlockTxs: number
  /** Most bytes of transactions in one block. */
  maxBlockBytes: number
  /** Most legs in one DvP instruction. */
  maxLegs: number
  /** Most pending DvP instructions at once (bounds the per-block expiry sweep). */
  maxPendingInstructions: number
  /** Target block interval in milliseconds. */
  blockIntervalMs: number
}

export const defaultParams: Params = {
  maxBlockTxs: 5_000,
  maxBlockBytes: 8 * 1024 * 1024,
  maxLegs: 16,
  maxPendingInstructions: 10_000,
  blockIntervalMs: 1_000,
}

export function getParams(view: StateView): Params {
  return view.get<Params>(keys.params()) ?? defaultParams
}
