import { InvalidValue } from '../../protocol/errors'
import { limits } from '../../protocol/txTypes'
import { validateGovernanceParams } from '../governance/tally/types'
import { roles } from '../identity/types'
import type { Params } from './params'

/** Bounds of the numeric parameters: [least, most] (inclusive). */
const numberBounds = {
  maxBlockTxs: [1, Number.MAX_SAFE_INTEGER],
  // a block must hold at least one transaction of the largest size allowed
  maxBlockBytes: [limits.maxTxBytes, Number.MAX_SAFE_INTEGER],
  // legs are a list field of the signed message, capped by the protocol
  maxLegs: [1, limits.maxListLength],
  maxPendingInstructions: [1, Number.MAX_SAFE_INTEGER],
  blockIntervalMs: [1, Number.MAX_SAFE_INTEGER],
} as const satisfies Record<Exclude<keyof Params, 'governance'>, readonly [number, number]>

/**
 * Refuses parameters the network cannot run with, with `InvalidValue` naming the field
 * (`maxLegs`, `governance.quorum`, …). Used at genesis and before a parameter change applies.
 */
export function validateParams(params: Params): void {
  for (const [field, [least, most]] of Object.entries(numberBounds)) {
    const value = params[field as keyof typeof numberBounds]
    if (!Number.isSafeInteger(value) || value < least || value > most)
      throw new InvalidValue(field, `must be an integer from ${least} to ${most}`, {
        details: { value: String(value) },
      })
  }
  validateGovernanceParams(params.governance)
  const proposerRoles = params.governance.proposerRoles
  if (!Array.isArray(proposerRoles))
    throw new InvalidValue('governance.proposerRoles', 'must be a list of roles')
  for (const role of proposerRoles) {
    if (!(roles as readonly string[]).includes(role))
      throw new InvalidValue(
        'governance.proposerRoles',
        `unknown role ${JSON.stringify(role)}; use ${roles.join(', ')}`,
      )
  }
  if (new Set(proposerRoles).size !== proposerRoles.length)
    throw new InvalidValue('governance.proposerRoles', 'lists a role twice')
}
