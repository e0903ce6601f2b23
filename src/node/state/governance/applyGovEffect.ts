import { keys } from '../keys'
import { getParticipant } from '../identity/participants'
import { putParams } from '../params/params'
import { scheduleValidatorUpdate } from '../validators/validators'
import type { StateView } from '../view'
import type { GovEffect } from './checkGovAction'
import type { UpgradePlan } from './types'

export interface ApplyGovEffectParameters {
  view: StateView
  effect: GovEffect
  proposalId: UpgradePlan['proposalId']
}

/**
 * Applies a passed proposal's effect (checked just before by `checkGovAction`). Validator
 * changes are queued and sign from two blocks on; roles, parameters and the upgrade plan
 * change at once. Returns a sentence saying what was done.
 */
export function applyGovEffect({ view, effect, proposalId }: ApplyGovEffectParameters): string {
  switch (effect.kind) {
    case 'validator':
      scheduleValidatorUpdate(view, { address: effect.address, power: effect.power })
      return effect.power === 0n
        ? `${effect.address} leaves the validator set`
        : `${effect.address} validates with power ${effect.power}`
    case 'role': {
      const participant = getParticipant(view, effect.target)
      if (!participant) throw new Error(`participant ${effect.target} vanished after its check`)
      const roles = effect.grant
        ? [...participant.roles, effect.role]
        : participant.roles.filter((r) => r !== effect.role)
      view.set(keys.participant(effect.target), { ...participant, roles })
      return `${effect.target} ${effect.grant ? 'now holds' : 'no longer holds'} ${effect.role}`
    }
    case 'params':
      putParams(view, effect.params)
      return 'parameters changed'
    case 'text':
      return 'nothing to execute'
    case 'upgrade': {
      const plan: UpgradePlan = { name: effect.name, haltHeight: effect.haltHeight, proposalId }
      view.set(keys.upgradePlan(), plan)
      return `the network halts at height ${effect.haltHeight} for upgrade '${effect.name}'`
    }
  }
}
