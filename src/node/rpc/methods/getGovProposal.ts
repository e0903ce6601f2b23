import { z } from 'zod'
import type { GovProposal } from '../../state/governance'
import { keys } from '../../state/keys'
import type { GovProposalAnswer } from '../answers'
import { notFound } from '../errors'
import { govProposalJson } from '../governance/govProposalJson'
import { publicMethod } from '../method'
import { bytes32 } from '../params'
import { openSnapshot } from '../snapshot'

/**
 * One governance proposal: its fields, the tally (live while voting, final afterwards), the
 * blocks of voting left, and its state proof.
 */
export const getGovProposal = publicMethod({
  name: 'custos_getGovProposal',
  params: z.strictObject({ id: bytes32 }),
  handle({ id }, { ctx }): GovProposalAnswer {
    const snapshot = openSnapshot(ctx.backend.chain)
    const proposal = snapshot.view.get<GovProposal>(keys.govProposal(id))
    if (!proposal) throw notFound('governance proposal', `no governance proposal ${id}`)
    return {
      ...govProposalJson(snapshot.view, proposal, snapshot.height),
      ...snapshot.prove(keys.govProposal(id)),
    }
  },
})
