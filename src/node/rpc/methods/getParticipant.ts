import { z } from 'zod'
import { getParticipant as readParticipant } from '../../state/identity/participants'
import { publicMethod } from '../method'
import { address } from '../params'

/**
 * A participant's public identity: name and roles. Claims are private
 * (`custos_getParticipantClaims`); because the state record holds them, this answer has no
 * state proof.
 */
export const getParticipant = publicMethod({
  name: 'custos_getParticipant',
  params: z.strictObject({ address }),
  handle(params, { ctx }) {
    const { chain } = ctx.backend
    const participant = readParticipant(chain.state(), params.address)
    return {
      address: params.address,
      registered: participant !== undefined,
      name: participant?.name ?? '',
      roles: participant ? [...participant.roles] : [],
      height: chain.head().height.toString(),
    }
  },
})
