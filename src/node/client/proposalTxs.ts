/**
 * Transactions that decide an open proposal of a multi-approver account: approve, reject,
 * cancel, execute.
 */
import type { Action, Address, Hex } from '../protocol/messages'
import { parseAddress, parseBytes32 } from './inputs'
import { buildTx, type TxContext, type UnsignedTxRequest } from './unsignedTx'

/** What an approver approves, from the proposal the node reports (`proposalToApprove`). */
export interface ProposalToApprove {
  account: Address
  id: Hex
  action: Action
  /** The account's policy version the proposal was made under. */
  policyVersion: bigint
}

/**
 * Approve a proposal. The approval repeats the proposal's action and policy version, so the
 * approver's device shows what moves, and the chain refuses the approval if either differs
 * from the proposal's — an approver never approves something other than what they saw.
 *
 * @example
 * const proposal = await rpc.getProposal(account, id, reader)
 * const tx = approveProposalTx(ctx, proposalToApprove(proposal))
 */
export function approveProposalTx(
  ctx: TxContext,
  proposal: ProposalToApprove,
): UnsignedTxRequest<'ApproveProposal'> {
  return buildTx(ctx, 'ApproveProposal', {
    account: parseAddress(proposal.account, 'account'),
    proposalId: parseBytes32(proposal.id, 'proposalId'),
    action: proposal.action,
    policyVersion: proposal.policyVersion,
  })
}

export interface ProposalRef {
  account: Address
  proposalId: Hex
}

/** Reject a proposal, saying why; the proposal fails once its policy can no longer be met. */
export function rejectProposalTx(
  ctx: TxContext,
  p: ProposalRef & { reason: string },
): UnsignedTxRequest<'RejectProposal'> {
  return buildTx(ctx, 'RejectProposal', { ...ref(p), reason: p.reason })
}

/** Withdraw a proposal (its initiator, or an admin). */
export function cancelProposalTx(
  ctx: TxContext,
  p: ProposalRef,
): UnsignedTxRequest<'CancelProposal'> {
  return buildTx(ctx, 'CancelProposal', ref(p))
}

/** Execute an approved proposal whose timelock has passed. */
export function executeProposalTx(
  ctx: TxContext,
  p: ProposalRef,
): UnsignedTxRequest<'ExecuteProposal'> {
  return buildTx(ctx, 'ExecuteProposal', ref(p))
}

function ref(p: ProposalRef): ProposalRef {
  return {
    account: parseAddress(p.account, 'account'),
    proposalId: parseBytes32(p.proposalId, 'proposalId'),
  }
}
