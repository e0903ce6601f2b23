import type { CustosDomain } from '../protocol/eip712'
import type { Address, Hex, SignedTx } from '../protocol/messages'
import type { StateView } from './view'

/** What a block gives the state machine besides the state itself. */
export interface BlockContext {
  domain: CustosDomain
  height: bigint
  /** Block time in unix seconds (header time in milliseconds, floored). */
  time: bigint
}

/** A transaction whose signature has been checked (protocol `verifyTx`). */
export interface AuthenticatedTx {
  tx: SignedTx
  id: Hex
  signer: Address
}

export interface HandlerParameters<M> {
  view: StateView
  ctx: BlockContext
  signer: Address
  id: Hex
  message: M
}
