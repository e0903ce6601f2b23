/**
 * What a member signs on a device for a followed account: propose a transfer or a DvP
 * affirmation, approve or reject an open proposal. The approval repeats the proposal's action
 * and policy version as the node reports them, so the device shows what moves (see
 * `approveProposalTx`).
 */
import {
  approveProposalTx,
  proposalToApprove,
  proposeAffirmationTx,
  proposeTransferTx,
  rejectProposalTx,
} from '../../node/client'
import { followedAccount } from './followed'
import { sendWithDevice } from './sendWithDevice'
import type { Handler } from './types'

export const proposeTransfer: Handler<'custos:propose-transfer'> = async (services, request) => {
  followedAccount(services, request.account)
  return sendWithDevice(services, request.signer, (ctx) =>
    proposeTransferTx(ctx, {
      account: request.account,
      symbol: request.symbol,
      to: request.to,
      amount: BigInt(request.amount),
    }),
  )
}

/**
 * Proposes affirming the account's leg of a DvP instruction the counterparty created; once the
 * policy's approvals are in, the account's affirmation settles both legs in one block.
 */
export const proposeDvpAffirmation: Handler<'custos:propose-dvp-affirmation'> = async (
  services,
  request,
) => {
  followedAccount(services, request.account)
  return sendWithDevice(services, request.signer, (ctx) =>
    proposeAffirmationTx(ctx, {
      account: request.account,
      instructionId: request.instructionId,
      symbol: request.symbol,
      to: request.to,
      amount: BigInt(request.amount),
    }),
  )
}

export const approveProposal: Handler<'custos:approve-proposal'> = async (services, request) => {
  followedAccount(services, request.account)
  const proposal = proposalToApprove(
    await services.rpc.getProposal(request.account, request.proposalId, services.reader),
  )
  return sendWithDevice(services, request.signer, (ctx) => approveProposalTx(ctx, proposal))
}

export const rejectProposal: Handler<'custos:reject-proposal'> = async (services, request) => {
  followedAccount(services, request.account)
  return sendWithDevice(services, request.signer, (ctx) =>
    rejectProposalTx(ctx, {
      account: request.account,
      proposalId: request.proposalId,
      reason: request.reason,
    }),
  )
}
