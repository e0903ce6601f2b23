/**
 * The validator set, and the rule that a change decided at height h signs from h + 2 on.
 *
 * After block H the state holds the sets that signed H (`validators/last`), sign H + 1
 * (`validators`) and sign H + 2 (`validators/next`). Changes decided during block H + 1 are
 * queued (`validators/pending`); at the end of that block the sets move up one height and the
 * changes apply to the newest set, which signs H + 3. Header H + 2 announces that set as its
 * `nextValidatorsHash`: the set that signs a block is always named by the header before it.
 */
import type { Validator } from '../../protocol/block'
import { InvalidValue } from '../../protocol/errors'
import type { Address } from '../../protocol/messages'
import { keys } from '../keys'
import type { StateView } from '../view'

/** The set that signs the next block. */
export function getValidators(view: StateView): Validator[] {
  return view.get<Validator[]>(keys.validators()) ?? []
}

/** The set that signed the latest block. */
export function getLastValidators(view: StateView): Validator[] {
  return view.get<Validator[]>(keys.lastValidators()) ?? getValidators(view)
}

/** The set that signs the block after the next one. */
export function getNextValidators(view: StateView): Validator[] {
  return view.get<Validator[]>(keys.nextValidators()) ?? getValidators(view)
}

export interface ValidatorUpdate {
  address: Address
  /** New voting power; 0 removes the validator. */
  power: bigint
}

/** Queues a change of the set, decided in the current block; it signs from two blocks on. */
export function scheduleValidatorUpdate(view: StateView, update: ValidatorUpdate): void {
  if (update.power < 0n) throw new InvalidValue('validator.power', 'must not be negative')
  const pending = view.get<ValidatorUpdate[]>(keys.pendingValidatorUpdates()) ?? []
  const address = update.address.toLowerCase() as Address
  view.set(keys.pendingValidatorUpdates(), [
    ...pending.filter((u) => u.address !== address),
    { address, power: update.power },
  ])
}

function applyUpdates(set: readonly Validator[], updates: readonly ValidatorUpdate[]): Validator[] {
  const byAddress = new Map(set.map((v) => [v.address, v.power]))
  for (const u of updates) {
    if (u.power === 0n) byAddress.delete(u.address)
    else byAddress.set(u.address, u.power)
  }
  return [...byAddress.entries()]
    .map(([address, power]) => ({ address, power }))
    .sort((a, b) => (a.address < b.address ? -1 : a.address > b.address ? 1 : 0))
}

/**
 * End of block: the sets move up one height and queued changes apply to the newest one. A
 * change that would leave the set empty is refused (the queue is dropped, the set unchanged).
 */
export function advanceValidatorSets(view: StateView): void {
  const current = getValidators(view)
  const next = getNextValidators(view)
  const pending = view.get<ValidatorUpdate[]>(keys.pendingValidatorUpdates()) ?? []
  const updated = pending.length > 0 ? applyUpdates(next, pending) : next
  const last = getLastValidators(view)
  // unchanged sets are not rewritten, so quiet blocks do not touch these keys
  if (!sameSet(last, current)) view.set(keys.lastValidators(), current)
  if (!sameSet(current, next)) view.set(keys.validators(), next)
  const newest = updated.length > 0 ? updated : next
  if (!sameSet(next, newest)) view.set(keys.nextValidators(), newest)
  if (pending.length > 0) view.delete(keys.pendingValidatorUpdates())
}

function sameSet(a: readonly Validator[], b: readonly Validator[]): boolean {
  return (
    a.length === b.length &&
    a.every((v, i) => v.address === b[i]?.address && v.power === b[i]?.power)
  )
}
