import type { Validator } from '../../protocol/block'
import { keys } from '../keys'
import type { StateView } from '../view'

export function getValidators(view: StateView): Validator[] {
  return view.get<Validator[]>(keys.validators()) ?? []
}
