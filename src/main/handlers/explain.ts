/**
 * What an account's policy decides, in words: for a draft transfer before anyone signs, and
 * for an open proposal (who approved, who still can, timelock and expiry).
 */
import { explanationLines, transferAction } from '../../node/client'
import type { ExplainAnswer } from '../../node/rpc/answers'
import type { IpcResponse } from '../../shared/ipc'
import { followedAccount } from './followed'
import type { Handler } from './types'

type ExplanationOut = IpcResponse<'custos:explain-proposal'>

function explanationOut(answer: ExplainAnswer): ExplanationOut {
  return {
    account: answer.account,
    height: answer.height,
    summary: answer.summary,
    lines: explanationLines(answer),
  }
}

export const explainDraftTransfer: Handler<'custos:explain-draft-transfer'> = async (
  services,
  request,
) => {
  followedAccount(services, request.account)
  const action = transferAction({
    symbol: request.symbol,
    to: request.to,
    amount: BigInt(request.amount),
  })
  return explanationOut(
    await services.rpc.explainDraft(request.account, action, services.reader, request.initiator),
  )
}

export const explainProposal: Handler<'custos:explain-proposal'> = async (services, request) => {
  followedAccount(services, request.account)
  return explanationOut(
    await services.rpc.explainProposal(request.account, request.proposalId, services.reader),
  )
}
