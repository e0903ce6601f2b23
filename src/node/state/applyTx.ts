/**
 * Applies one authenticated transaction to a view: replay checks (nonce, validUntil), then the
 * kind's handler, in a forked view that reaches `view` only if everything succeeds. A refused
 * transaction throws a `CustosError` and changes nothing, its nonce included.
 */
import { NonceMismatch, TxExpired } from '../protocol/errors'
import type { Address, SignedTx } from '../protocol/messages'
import type { TxKind } from '../protocol/txTypes'
import {
  approveProposal,
  cancelProposal,
  createAccount,
  executeProposal,
  proposeAction,
  proposePolicyChange,
  rejectProposal,
} from './accounts'
import { createToken } from './assets/createToken'
import { forcedTransfer } from './assets/forcedTransfer'
import { freezeAddress } from './assets/freezeAddress'
import { mint } from './assets/mint'
import { recoverAddress } from './assets/recoverAddress'
import { redeem } from './assets/redeem'
import { setComplianceRules } from './assets/setComplianceRules'
import { setFrozenAmount } from './assets/setFrozenAmount'
import { setPaused } from './assets/setPaused'
import { transfer } from './assets/transfer'
import type { AuthenticatedTx, BlockContext, HandlerParameters } from './context'
import { castVote, submitGovProposal } from './governance'
import { issueClaim } from './identity/issueClaim'
import { registerParticipant } from './identity/registerParticipant'
import { revokeClaim } from './identity/revokeClaim'
import { keys } from './keys'
import { affirmInstruction } from './settlement/affirmInstruction'
import { createInstruction } from './settlement/createInstruction'
import { rejectInstruction } from './settlement/rejectInstruction'
import type { StateView } from './view'

type Handlers = {
  [K in TxKind]: (p: HandlerParameters<Extract<SignedTx, { kind: K }>['message']>) => void
}

const handlers: Handlers = {
  RegisterParticipant: registerParticipant,
  IssueClaim: issueClaim,
  RevokeClaim: revokeClaim,
  CreateToken: createToken,
  SetComplianceRules: setComplianceRules,
  Transfer: transfer,
  Mint: mint,
  Redeem: redeem,
  SetPaused: setPaused,
  FreezeAddress: freezeAddress,
  SetFrozenAmount: setFrozenAmount,
  ForcedTransfer: forcedTransfer,
  RecoverAddress: recoverAddress,
  CreateInstruction: createInstruction,
  AffirmInstruction: affirmInstruction,
  RejectInstruction: rejectInstruction,
  CreateAccount: createAccount,
  ProposeAction: proposeAction,
  ProposePolicyChange: proposePolicyChange,
  ApproveProposal: approveProposal,
  RejectProposal: rejectProposal,
  CancelProposal: cancelProposal,
  ExecuteProposal: executeProposal,
  SubmitGovProposal: submitGovProposal,
  CastVote: castVote,
}

export function nonceOf(view: StateView, signer: Address): bigint {
  return view.get<bigint>(keys.nonce(signer)) ?? 0n
}

export function applyTx(view: StateView, ctx: BlockContext, auth: AuthenticatedTx): void {
  const { tx, signer, id } = auth
  const expected = nonceOf(view, signer)
  if (tx.message.nonce !== expected) throw new NonceMismatch(signer, expected, tx.message.nonce)
  if (tx.message.validUntil < ctx.time) throw new TxExpired(tx.message.validUntil, ctx.time)
  const txView = view.fork()
  const handler = handlers[tx.kind] as (p: HandlerParameters<unknown>) => void
  handler({ view: txView, ctx, signer, id, message: tx.message })
  txView.set(keys.nonce(signer), expected + 1n)
  txView.commit()
}
