import { InvalidValue } from '../../protocol/errors'
import type { Address } from '../../protocol/messages'
import { keys } from '../keys'
import type { StateView } from '../view'
import type { Claim, ClaimTopic, Participant, Role } from './types'

export function getParticipant(view: StateView, address: Address): Participant | undefined {
  return view.get<Participant>(keys.participant(address))
}

export function participantOrNew(view: StateView, address: Address): Participant {
  return getParticipant(view, address) ?? { address, name: '', roles: [], claims: {} }
}

export function hasRole(view: StateView, address: Address, role: Role): boolean {
  return getParticipant(view, address)?.roles.includes(role) ?? false
}

/** The claim if present and not expired at `time`. */
export function validClaim(
  participant: Participant | undefined,
  topic: ClaimTopic,
  time: bigint,
): Claim | undefined {
  const claim = participant?.claims[topic]
  if (!claim) return undefined
  if (claim.expiresAt !== 0n && claim.expiresAt <= time) return undefined
  return claim
}

const namePattern = /^[^\p{Cc}\p{Cf}]*$/u

/** Display names: no control or format characters (they can disguise what a device shows). */
export function checkDisplayText(field: string, value: string): void {
  if (!namePattern.test(value)) throw new InvalidValue(field, 'must not contain control characters')
}
