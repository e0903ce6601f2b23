import { z } from 'zod'
import { explainProposal, findProposal } from '../../state/accounts'
import { keys } from '../../state/keys'
import type { ProposalAnswer } from '../answers'
import { headContext } from '../accounts/headContext'
import { readAccount } from '../accounts/readAccount'
import { notFound } from '../errors'
import { toJsonAs } from '../json'
import { privateMethod } from '../method'
import { address, bytes32 } from '../params'

/**
 * One proposal of an account — its fields, a one-line summary, and its state proof (the
 * record's fields never collide with a proven value's). `action` and `policyVersion` are what
 * an `ApproveProposal` must repeat.
 */
export const getProposal = privateMethod({
  name: 'custos_getProposal',
  params: z.strictObject({ account: address, id: bytes32 }),
  handle(params, { ctx }, reader): ProposalAnswer {
    const { chain } = ctx.backend
    const { snapshot } = readAccount(chain, reader, params.account)
    const proposal = findProposal(snapshot.view, params.id)
    if (!proposal || proposal.account !== params.account)
      throw notFound('proposal', `account ${params.account} has no proposal ${params.id}`)
    const { summary } = explainProposal(snapshot.view, params.id, headContext(chain, snapshot))
    return { ...toJsonAs(proposal), summary, ...snapshot.prove(keys.proposal(params.id)) }
  },
})
