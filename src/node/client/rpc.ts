/**
 * A typed JSON-RPC client of a Custos node (docs/rpc.md) over HTTP: public calls, private
 * calls authenticated by a `TypedDataSigner` (the `RpcRequest` signature), and one method per
 * call the SDK builds on. Errors are `ClientError`s: `NodeUnreachable`, `RpcCallFailed` (with
 * the JSON-RPC code and, for -32010, the chain's code).
 */
import { custosDomain, type CustosDomain } from '../protocol/eip712'
import type { Action, Address, Hex, SignedTx } from '../protocol/messages'
import type {
  AccountAnswer,
  CheckTxAnswer,
  ExplainAnswer,
  GovProposalAnswer,
  GovProposalListAnswer,
  NonceAnswer,
  ProposalAnswer,
  ProposalListAnswer,
  StatusAnswer,
  TxAnswer,
} from '../rpc/answers'
import type { Jsonified } from '../rpc/json'
import type { ProvenValue } from '../rpc/snapshot'
import type { ProposalStatus } from '../state/accounts'
import type { GovProposalStatus, UpgradePlan } from '../state/governance'
import { BadAnswer, NodeUnreachable, RpcCallFailed } from './errors'
import { signRpcAuth, type TypedDataSigner } from './signer'
import { signedTxHex } from './unsignedTx'

export interface CustosRpcOptions {
  /** Per-call timeout (default 10 s). */
  timeoutMs?: number
  /** Clock for `issuedAt` of signed reads, unix milliseconds (default `Date.now`). */
  now?: () => number
}

interface JsonRpcReply<T> {
  result?: T
  error?: { code: number; message: string; data?: Record<string, unknown> }
}

export class CustosRpc {
  readonly url: string
  private readonly timeoutMs: number
  private readonly now: () => number
  private nextId = 1
  private domainPromise: Promise<CustosDomain> | undefined

  constructor(url: string, options: CustosRpcOptions = {}) {
    this.url = url
    this.timeoutMs = options.timeoutMs ?? 10_000
    this.now = options.now ?? Date.now
  }

  /** One public call. */
  async call<T>(method: string, params: Record<string, unknown> = {}): Promise<T> {
    let response: Response
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ jsonrpc: '2.0', id: this.nextId++, method, params }),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw new NodeUnreachable(
        this.url,
        error instanceof Error ? error.message : String(error),
        error,
      )
    }
    let body: JsonRpcReply<T>
    try {
      body = (await response.json()) as JsonRpcReply<T>
    } catch (error) {
      throw new NodeUnreachable(this.url, `answered HTTP ${response.status} without JSON`, error)
    }
    if (body.error)
      throw new RpcCallFailed(method, body.error.code, body.error.message, body.error.data)
    if (!('result' in body)) throw new BadAnswer(method, 'neither result nor error')
    return body.result as T
  }

  /** A private call: `params.auth` signed by `reader` now (docs/rpc.md, "Authentication"). */
  async callPrivate<T>(
    method: string,
    params: Record<string, unknown>,
    reader: TypedDataSigner,
  ): Promise<T> {
    const issuedAt = BigInt(Math.floor(this.now() / 1000))
    const auth = await signRpcAuth(reader, await this.domain(), method, params, issuedAt)
    return this.call<T>(method, { ...params, auth })
  }

  /** The chain's EIP-712 domain (from `custos_status`, asked once). */
  domain(): Promise<CustosDomain> {
    this.domainPromise ??= this.status().then((s) =>
      custosDomain(BigInt(s.chainId), s.verifyingContract),
    )
    this.domainPromise.catch(() => (this.domainPromise = undefined))
    return this.domainPromise
  }

  status(): Promise<StatusAnswer> {
    return this.call('custos_status')
  }

  /** The signer's next nonce, read with its own signature (nonces are private). */
  async nonce(signer: TypedDataSigner): Promise<bigint> {
    const answer = await this.callPrivate<NonceAnswer>(
      'custos_getNonce',
      { address: signer.address },
      signer,
    )
    return BigInt(answer.nonce)
  }

  async submitTx(tx: SignedTx): Promise<Hex> {
    return (await this.call<{ id: Hex }>('custos_submitTx', { tx: signedTxHex(tx) })).id
  }

  /** Dry run against the head state; throws `RpcCallFailed` (-32010) with the chain's reason. */
  checkTx(tx: SignedTx): Promise<CheckTxAnswer> {
    return this.call('custos_checkTx', { tx: signedTxHex(tx) })
  }

  getTx(id: Hex): Promise<TxAnswer> {
    return this.call('custos_getTx', { id })
  }

  getAccount(account: Address, reader: TypedDataSigner): Promise<AccountAnswer> {
    return this.callPrivate('custos_getAccount', { account }, reader)
  }

  listProposals(
    account: Address,
    reader: TypedDataSigner,
    filter: { status?: ProposalStatus; limit?: number } = {},
  ): Promise<ProposalListAnswer> {
    return this.callPrivate('custos_listProposals', { account, ...filter }, reader)
  }

  getProposal(account: Address, id: Hex, reader: TypedDataSigner): Promise<ProposalAnswer> {
    return this.callPrivate('custos_getProposal', { account, id }, reader)
  }

  explainProposal(
    account: Address,
    proposalId: Hex,
    reader: TypedDataSigner,
  ): Promise<ExplainAnswer> {
    return this.callPrivate('custos_explain', { account, proposalId }, reader)
  }

  /** What the policy would decide for `action` initiated by `initiator` (default: the reader). */
  explainDraft(
    account: Address,
    action: Action,
    reader: TypedDataSigner,
    initiator?: Address,
  ): Promise<ExplainAnswer> {
    return this.callPrivate(
      'custos_explain',
      {
        account,
        action: { ...action, amount: action.amount.toString() },
        ...(initiator === undefined ? {} : { initiator }),
      },
      reader,
    )
  }

  listGovProposals(
    filter: { status?: GovProposalStatus; limit?: number } = {},
  ): Promise<GovProposalListAnswer> {
    return this.call('custos_listGovProposals', { ...filter })
  }

  getGovProposal(id: Hex): Promise<GovProposalAnswer> {
    return this.call('custos_getGovProposal', { id })
  }

  /** The planned software upgrade, or null. */
  async getUpgradePlan(): Promise<Jsonified<UpgradePlan> | null> {
    const proven = await this.call<ProvenValue>('custos_getUpgradePlan')
    return proven.value as Jsonified<UpgradePlan> | null
  }
}
