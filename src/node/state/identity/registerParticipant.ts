import { InvalidValue } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { keys } from '../keys'
import { checkDisplayText, participantOrNew } from './participants'

/** A participant names itself (its claims come from claim issuers). */
export function registerParticipant(p: HandlerParameters<TxMessages['RegisterParticipant']>): void {
  const name = p.message.name.trim()
  if (name.length === 0) throw new InvalidValue('RegisterParticipant.name', 'must not be empty')
  checkDisplayText('RegisterParticipant.name', name)
  const current = participantOrNew(p.view, p.signer)
  p.view.set(keys.participant(p.signer), { ...current, name })
}
