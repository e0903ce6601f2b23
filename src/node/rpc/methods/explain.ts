import { z } from 'zod'
import { InvalidValue } from '../../protocol/errors'
import type { Action, Address } from '../../protocol/messages'
import { explainDraft, explainProposal, findProposal, type Explanation } from '../../state/accounts'
import type { StateView } from '../../state/view'
import type { ExplainAnswer } from '../answers'
import { headContext } from '../accounts/headContext'
import { readAccount } from '../accounts/readAccount'
import { draftAction } from '../accounts/schemas'
import { invalidParams, notFound } from '../errors'
import { toJsonAs } from '../json'
import { privateMethod } from '../method'
import { address, bytes32 } from '../params'

/**
 * What the account's policy decides, and why, for an open proposal (`proposalId`) or for a
 * draft action (`action`, initiated by `initiator`, default the reader) before anyone signs
 * it: the matched rule, what it requires in words, who approved, who still can, why it is
 * blocked or can no longer pass, timelock and expiry, and a one-line summary.
 */
export const explain = privateMethod({
  name: 'custos_explain',
  params: z.strictObject({
    account: address,
    proposalId: bytes32.optional(),
    action: draftAction.optional(),
    initiator: address.optional(),
  }),
  handle(params, { ctx }, reader): ExplainAnswer {
    if ((params.proposalId === undefined) === (params.action === undefined))
      throw invalidParams(
        params.proposalId === undefined ? 'proposalId' : 'action',
        'give either proposalId (an open proposal) or action (a draft), not both',
      )
    if (params.proposalId !== undefined && params.initiator !== undefined)
      throw invalidParams('initiator', 'applies to a draft action only')
    const { chain } = ctx.backend
    const { snapshot } = readAccount(chain, reader, params.account)
    const at = headContext(chain, snapshot)
    const base = {
      account: params.account,
      height: snapshot.height.toString(),
      time: at.time.toString(),
    }
    if (params.action !== undefined) {
      const initiator = params.initiator ?? reader
      const explanation = draftExplanation(
        snapshot.view,
        params.account,
        params.action,
        initiator,
        at.time,
      )
      return {
        ...base,
        draft: { action: toJsonAs(params.action), initiator },
        explanation: toJsonAs(explanation),
        summary: explanation.summary,
      }
    }
    const id = params.proposalId as `0x${string}`
    const proposal = findProposal(snapshot.view, id)
    if (!proposal || proposal.account !== params.account)
      throw notFound('proposal', `account ${params.account} has no proposal ${id}`)
    const result = explainProposal(snapshot.view, id, at)
    return { ...base, ...toJsonAs(result) }
  },
})

/** `explainDraft`, with a malformed action refused as -32602 naming the field. */
function draftExplanation(
  view: StateView,
  account: Address,
  action: Action,
  initiator: Address,
  time: bigint,
): Explanation {
  try {
    return explainDraft(view, account, action, initiator, time)
  } catch (error) {
    if (!(error instanceof InvalidValue)) throw error
    const field = String(error.details['field'] ?? 'action')
    throw invalidParams(field, error.message.slice(field.length + 2) || error.message)
  }
}
