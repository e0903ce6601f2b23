/**
 * Transactions that open a proposal on a multi-approver account. The proposal's id is the
 * transaction's id (`tx.id`), known before signing.
 */
import type { Action, Address, MembersAndPolicy } from '../protocol/messages'
import {
  affirmationAction,
  agentAction,
  policyChangeAction,
  transferAction,
  type AffirmationActionParameters,
  type AgentActionParameters,
  type TransferActionParameters,
} from './accountActions'
import { parseAddress } from './inputs'
import { buildTx, type TxContext, type UnsignedTxRequest } from './unsignedTx'

/** A `ProposeAction` of any action (see `accountActions.ts` for one constructor per kind). */
export function proposeActionTx(
  ctx: TxContext,
  account: Address,
  action: Action,
): UnsignedTxRequest<'ProposeAction'> {
  return buildTx(ctx, 'ProposeAction', { account: parseAddress(account, 'account'), action })
}

/**
 * Propose sending `amount` of `symbol` from `account` to `to`.
 *
 * @example
 * const tx = proposeTransferTx(ctx, { account, symbol: 'EURD', to: bank, amount: 250_000n })
 * // sign tx.typedData; tx.id is the proposal id
 */
export function proposeTransferTx(
  ctx: TxContext,
  p: TransferActionParameters & { account: Address },
): UnsignedTxRequest<'ProposeAction'> {
  return proposeActionTx(ctx, p.account, transferAction(p))
}

/** Propose affirming the account's leg of a DvP instruction. */
export function proposeAffirmationTx(
  ctx: TxContext,
  p: AffirmationActionParameters & { account: Address },
): UnsignedTxRequest<'ProposeAction'> {
  return proposeActionTx(ctx, p.account, affirmationAction(p))
}

/** Propose a token agent action (mint, redeem, pause, unpause, freeze, unfreeze). */
export function proposeAgentActionTx(
  ctx: TxContext,
  account: Address,
  p: AgentActionParameters,
): UnsignedTxRequest<'ProposeAction'> {
  return proposeActionTx(ctx, account, agentAction(p))
}

export interface ProposePolicyChangeTx extends UnsignedTxRequest<'ProposePolicyChange'> {
  /** The action approvers will see: `policy-change` with the hash of the new policy. */
  action: Action
}

/** Propose replacing the account's members and policy (decided by its admin rule). */
export function proposePolicyChangeTx(
  ctx: TxContext,
  p: { account: Address; change: MembersAndPolicy },
): ProposePolicyChangeTx {
  const request = buildTx(ctx, 'ProposePolicyChange', {
    account: parseAddress(p.account, 'account'),
    ...p.change,
  })
  const { members, groups, policy, adminRule } = request.message
  return { ...request, action: policyChangeAction({ members, groups, policy, adminRule }) }
}
