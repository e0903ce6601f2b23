import { NotFound } from '../../protocol/errors'
import type { Hex } from '../../protocol/messages'
import { keys } from '../keys'
import type { StateView } from '../view'
import type { Instruction } from './types'

export function getInstruction(view: StateView, id: Hex): Instruction {
  const instruction = view.get<Instruction>(keys.instruction(id))
  if (!instruction) throw new NotFound('instruction', id)
  return instruction
}

export function pendingInstructionIds(view: StateView): Hex[] {
  return view.get<Hex[]>(keys.pendingInstructions()) ?? []
}

/** Stores an instruction and keeps the pending index in step with its status. */
export function putInstruction(view: StateView, instruction: Instruction): void {
  view.set(keys.instruction(instruction.id), instruction)
  const pending = pendingInstructionIds(view)
  const listed = pending.includes(instruction.id)
  if (instruction.status === 'pending' && !listed) {
    view.set(keys.pendingInstructions(), [...pending, instruction.id])
  } else if (instruction.status !== 'pending' && listed) {
    const rest = pending.filter((id) => id !== instruction.id)
    if (rest.length === 0) view.delete(keys.pendingInstructions())
    else view.set(keys.pendingInstructions(), rest)
  }
}
