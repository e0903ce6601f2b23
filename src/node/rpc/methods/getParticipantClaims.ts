import { z } from 'zod'
import { keys } from '../../state/keys'
import { requireReadAccess } from '../access'
import { privateMethod } from '../method'
import { address } from '../params'
import { openSnapshot } from '../snapshot'

/** A participant's whole record (name, roles and claims), with its state proof. */
export const getParticipantClaims = privateMethod({
  name: 'custos_getParticipantClaims',
  params: z.strictObject({ address }),
  handle(params, { ctx }, reader) {
    const snapshot = openSnapshot(ctx.backend.chain)
    requireReadAccess(snapshot.view, reader, [params.address], 'its claims')
    return snapshot.prove(keys.participant(params.address))
  },
})
