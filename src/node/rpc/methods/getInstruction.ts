import { z } from 'zod'
import { keys } from '../../state/keys'
import { partiesOf, type Instruction } from '../../state/settlement/types'
import { requireReadAccess } from '../access'
import { notFound } from '../errors'
import { privateMethod } from '../method'
import { bytes32 } from '../params'
import { openSnapshot } from '../snapshot'

/** A DvP instruction and its status, with its state proof; for its parties (and auditors). */
export const getInstruction = privateMethod({
  name: 'custos_getInstruction',
  params: z.strictObject({ id: bytes32 }),
  handle({ id }, { ctx }, reader) {
    const snapshot = openSnapshot(ctx.backend.chain)
    const instruction = snapshot.view.get<Instruction>(keys.instruction(id))
    if (!instruction) throw notFound('instruction', `no instruction ${id}`)
    const parties = [...new Set([instruction.creator, ...partiesOf(instruction.legs)])]
    requireReadAccess(snapshot.view, reader, parties, `instruction ${id}`)
    return snapshot.prove(keys.instruction(id))
  },
})
