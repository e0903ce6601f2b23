import { z } from 'zod'
import { getGovProposal, govProposalIds, type GovProposalStatus } from '../../state/governance'
import type { GovProposalListAnswer } from '../answers'
import { govProposalJson } from '../governance/govProposalJson'
import { publicMethod } from '../method'
import { limit } from '../params'
import { openSnapshot } from '../snapshot'

const statuses = [
  'voting',
  'passed',
  'rejected',
  'vetoed',
  'no-quorum',
  'failed',
] as const satisfies readonly GovProposalStatus[]

/**
 * Governance proposals, newest first (at most `limit`, optionally one `status`), each with its
 * votes and tally: live while voting, final afterwards. Governance is public.
 */
export const listGovProposals = publicMethod({
  name: 'custos_listGovProposals',
  params: z.strictObject({
    status: z.enum(statuses, { error: `must be one of ${statuses.join(', ')}` }).optional(),
    limit,
  }),
  handle(params, { ctx }): GovProposalListAnswer {
    const snapshot = openSnapshot(ctx.backend.chain)
    const ids = govProposalIds(snapshot.view)
    const proposals: GovProposalListAnswer['proposals'] = []
    for (let i = ids.length - 1; i >= 0 && proposals.length < params.limit; i--) {
      const id = ids[i]
      if (id === undefined) continue
      const proposal = getGovProposal(snapshot.view, id)
      if (params.status !== undefined && proposal.status !== params.status) continue
      proposals.push(govProposalJson(snapshot.view, proposal, snapshot.height))
    }
    return { height: snapshot.height.toString(), total: ids.length, proposals }
  },
})
