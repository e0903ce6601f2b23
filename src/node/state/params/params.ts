/**
 * Network parameters: block limits, settlement bounds and the rules of on-chain governance.
 * Set at genesis and changed afterwards only by a passed governance proposal ('change-param').
 */
import { defaultGovernanceParams, type GovernanceParams } from '../governance/tally/types'
import type { Role } from '../identity/types'
import { keys } from '../keys'
import type { StateView } from '../view'

export {
  applyParamChange,
  formatParam,
  isParamName,
  paramNames,
  type ParamChangeFields,
  type ParamName,
} from './paramChange'
export { validateParams } from './validateParams'

/** Governance rules: the tally's parameters and who besides validators may propose. */
export interface NetworkGovernanceParams extends GovernanceParams {
  /** Roles whose holders may submit proposals too; empty = validators only. */
  proposerRoles: Role[]
}

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
  governance: NetworkGovernanceParams
}

export const defaultParams: Params = {
  maxBlockTxs: 5_000,
  maxBlockBytes: 8 * 1024 * 1024,
  maxLegs: 16,
  maxPendingInstructions: 10_000,
  blockIntervalMs: 1_000,
  governance: { ...defaultGovernanceParams, proposerRoles: [] },
}

type StoredParams = Partial<Omit<Params, 'governance'>> & {
  governance?: Partial<NetworkGovernanceParams>
}

/**
 * The parameters in force. Records stored before a field existed (e.g. before `governance`)
 * read with that field's default, so old chains keep working without a migration.
 */
export function getParams(view: StateView): Params {
  const stored = view.get<StoredParams>(keys.params())
  if (!stored) return defaultParams
  return {
    ...defaultParams,
    ...stored,
    governance: { ...defaultParams.governance, ...stored.governance },
  }
}

/** Stores new parameters (already validated by the caller with `validateParams`). */
export function putParams(view: StateView, params: Params): void {
  view.set(keys.params(), params)
}
