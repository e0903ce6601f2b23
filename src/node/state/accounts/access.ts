/** Checks shared by the handlers that act on an existing proposal. */
import { InvalidStatus, InvalidValue, Unauthorized } from '../../protocol/errors'
import type { Address, Hex } from '../../protocol/messages'
import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { formatTime, ProposalNotOpen } from './errors'
import { addressKey } from './policy'
import { getAccount, getProposal } from './records'
import type { AccountRecord, Proposal, ProposalStatus } from './types'

export interface ProposalInAccount {
  account: AccountRecord
  proposal: Proposal
}

/**
 * The proposal `proposalId` and its account, refusing a proposal of another account than the
 * one the transaction names (`NotFound`, `InvalidValue`).
 */
export function loadProposal(
  view: StateView,
  message: { account: Address; proposalId: Hex },
  kind: string,
): ProposalInAccount {
  const proposal = getProposal(view, message.proposalId)
  if (addressKey(proposal.account) !== addressKey(message.account))
    throw new InvalidValue(
      `${kind}.account`,
      `proposal ${proposal.id} belongs to account ${proposal.account}, not ${message.account}`,
    )
  return { account: getAccount(view, proposal.account), proposal }
}

export function isMember(account: AccountRecord, who: Address): boolean {
  return account.members.some((m) => addressKey(m) === addressKey(who))
}

/** Throws `Unauthorized` unless `signer` is a member of the account. */
export function requireMember(account: AccountRecord, signer: Address, action: string): void {
  if (!isMember(account, signer))
    throw new Unauthorized(
      `${signer} is not a member of account '${account.name}' (${account.address}) and may not ${action}`,
      { account: account.address },
    )
}

/** Throws `ProposalNotOpen` unless the proposal's status is one of `allowed`. */
export function requireStatus(
  proposal: Proposal,
  allowed: readonly ProposalStatus[],
  action: string,
): void {
  if (!allowed.includes(proposal.status)) throw new ProposalNotOpen(proposal, action)
}

/**
 * Throws `InvalidStatus` when a pending proposal is past its expiry at this block's time,
 * even before the end-of-block sweep marks it expired.
 */
export function requireNotExpired(proposal: Proposal, ctx: BlockContext, action: string): void {
  if (proposal.expiresAt !== 0n && ctx.time > proposal.expiresAt)
    throw new InvalidStatus(
      'proposal',
      proposal.id,
      'expired',
      `${action}: it expired at ${formatTime(proposal.expiresAt)} (block time ${formatTime(ctx.time)})`,
    )
}
