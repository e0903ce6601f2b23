/**
 * The validator set as governance must judge a change against: the newest set already decided
 * (the one signing two blocks on) with the changes queued earlier in this block applied. A
 * proposal to add a validator whose removal is already decided is therefore valid, and two
 * removals passing in one block cannot together empty the set.
 */
import type { Validator } from '../../protocol/block'
import type { Address } from '../../protocol/messages'
import { keys } from '../keys'
import { getNextValidators, getValidators, type ValidatorUpdate } from '../validators/validators'
import type { StateView } from '../view'

/** Power of each validator of the decided set (lowercase addresses). */
export function decidedValidatorPowers(view: StateView): Map<Address, bigint> {
  const powers = new Map<Address, bigint>(
    getNextValidators(view).map((v) => [v.address.toLowerCase() as Address, v.power]),
  )
  for (const u of view.get<ValidatorUpdate[]>(keys.pendingValidatorUpdates()) ?? []) {
    if (u.power === 0n) powers.delete(u.address)
    else powers.set(u.address, u.power)
  }
  return powers
}

/** Whether `address` is in the set that signs the current block. */
export function isCurrentValidator(view: StateView, address: Address): boolean {
  const lower = address.toLowerCase()
  return getValidators(view).some((v: Validator) => v.address.toLowerCase() === lower)
}
