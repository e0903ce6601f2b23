import { NotFound, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { keys } from '../keys'
import { parseClaimTopic } from './issueClaim'
import { getParticipant, hasRole } from './participants'

export function revokeClaim(p: HandlerParameters<TxMessages['RevokeClaim']>): void {
  if (!hasRole(p.view, p.signer, 'claim-issuer'))
    throw new Unauthorized(`${p.signer} is not a trusted claim issuer`, { role: 'claim-issuer' })
  const topic = parseClaimTopic('RevokeClaim.topic', p.message.topic)
  const subject = getParticipant(p.view, p.message.subject)
  if (!subject?.claims[topic]) throw new NotFound(`${topic} claim of`, p.message.subject)
  const claims = { ...subject.claims }
  delete claims[topic]
  p.view.set(keys.participant(subject.address), { ...subject, claims })
}
