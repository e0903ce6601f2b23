import { InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { keys } from '../keys'
import { isCountryCode } from './iso3166'
import { hasRole, participantOrNew } from './participants'
import { claimTopics, type Claim, type ClaimTopic } from './types'

export function parseClaimTopic(field: string, topic: string): ClaimTopic {
  if (!(claimTopics as readonly string[]).includes(topic))
    throw new InvalidValue(
      field,
      `unknown claim topic ${JSON.stringify(topic)}; use one of ${claimTopics.join(', ')}`,
    )
  return topic as ClaimTopic
}

export function checkClaimValue(topic: ClaimTopic, value: string): void {
  if (topic === 'jurisdiction') {
    if (!isCountryCode(value))
      throw new InvalidValue(
        'IssueClaim.value',
        `${JSON.stringify(value)} is not an ISO-3166 alpha-2 country code`,
      )
  } else if (value !== 'true') {
    throw new InvalidValue('IssueClaim.value', `a ${topic} claim has the value 'true'`)
  }
}

/** A trusted claim issuer attests a claim about a subject (replacing an earlier one). */
export function issueClaim(p: HandlerParameters<TxMessages['IssueClaim']>): void {
  if (!hasRole(p.view, p.signer, 'claim-issuer'))
    throw new Unauthorized(`${p.signer} is not a trusted claim issuer`, { role: 'claim-issuer' })
  const topic = parseClaimTopic('IssueClaim.topic', p.message.topic)
  checkClaimValue(topic, p.message.value)
  if (p.message.expiresAt !== 0n && p.message.expiresAt <= p.ctx.time)
    throw new InvalidValue('IssueClaim.expiresAt', 'is already in the past')
  const subject = participantOrNew(p.view, p.message.subject)
  const claim: Claim = {
    topic,
    value: p.message.value,
    issuer: p.signer,
    expiresAt: p.message.expiresAt,
  }
  p.view.set(keys.participant(subject.address), {
    ...subject,
    claims: { ...subject.claims, [topic]: claim },
  })
}
