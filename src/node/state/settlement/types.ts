import type { Address, Hex, Leg } from '../../protocol/messages'

export type InstructionStatus = 'pending' | 'settled' | 'failed' | 'rejected' | 'expired'

export interface Instruction {
  id: Hex
  creator: Address
  reference: string
  legs: Leg[]
  settleBy: bigint
  createdAt: bigint
  status: InstructionStatus
  /** Sending parties that have affirmed, in affirmation order. */
  affirmedBy: Address[]
  /** Why it failed or was rejected. */
  reason: string
  /** Block height at which it left `pending`. */
  closedAt: bigint
}

/** Every distinct sending party of an instruction, in leg order. */
export function sendersOf(legs: readonly Leg[]): Address[] {
  return [...new Set(legs.map((l) => l.from))]
}

export function partiesOf(legs: readonly Leg[]): Address[] {
  return [...new Set(legs.flatMap((l) => [l.from, l.to]))]
}
