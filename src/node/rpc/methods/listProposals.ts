import { z } from 'zod'
import { accountProposalIds, explainProposal, getProposal } from '../../state/accounts'
import type { ProposalListAnswer } from '../answers'
import { headContext } from '../accounts/headContext'
import { readAccount } from '../accounts/readAccount'
import { proposalStatus } from '../accounts/schemas'
import { toJsonAs } from '../json'
import { privateMethod } from '../method'
import { address, limit } from '../params'

/**
 * An account's proposals, newest first (at most `limit`, optionally only one `status`), each
 * with a one-line summary of where it stands under the account's policy.
 */
export const listProposals = privateMethod({
  name: 'custos_listProposals',
  params: z.strictObject({ account: address, status: proposalStatus.optional(), limit }),
  handle(params, { ctx }, reader): ProposalListAnswer {
    const { chain } = ctx.backend
    const { snapshot } = readAccount(chain, reader, params.account)
    const at = headContext(chain, snapshot)
    const proposals: ProposalListAnswer['proposals'] = []
    const ids = accountProposalIds(snapshot.view, params.account)
    for (let i = ids.length - 1; i >= 0 && proposals.length < params.limit; i--) {
      const id = ids[i]
      if (id === undefined) continue
      const proposal = getProposal(snapshot.view, id)
      if (params.status !== undefined && proposal.status !== params.status) continue
      const { summary } = explainProposal(snapshot.view, id, at)
      proposals.push({ ...toJsonAs(proposal), summary })
    }
    return {
      account: params.account,
      height: snapshot.height.toString(),
      total: ids.length,
      proposals,
    }
  },
})
