/**
 * A `LightProvider` over a node's JSON-RPC (docs/rpc.md): `custos_getLightBlock` for blocks,
 * the proven-value methods for state, `custos_submitEvidence` for evidence.
 *
 * @example
 * const primary = new RpcProvider({ url: 'http://127.0.0.1:8645/' })
 * const client = await LightClient.create({ root: { kind: 'genesis', genesis }, primary })
 */
import type { ForkEvidence } from '../../chain/evidence'
import { commitJson, headerJson } from '../../rpc/json'
import type { LightBlock, LightProvider, StateAnswer } from '../types'
import { jsonRpcCall } from './jsonRpc'
import { parseBalanceAnswer, parseLightBlock, parseStateAnswer } from './parse'
import { stateRoute } from './stateRoutes'

/** `params.auth` of a private request (docs/rpc.md, "Authentication"). */
export interface RpcAuthJson {
  signer: string
  issuedAt: string
  signature: string
}

/** Signs a private read: the app's key holder (a Ledger, a local key) answers it. */
export type RpcAuthorizer = (request: {
  method: string
  params: Record<string, unknown>
}) => RpcAuthJson | Promise<RpcAuthJson>

export interface RpcProviderOptions {
  /** The node's HTTP JSON-RPC URL, e.g. `http://127.0.0.1:8645/`. */
  url: string
  /** Per request (default 5 s). */
  timeoutMs?: number
  /** Signs private reads (balances, nonces, accounts …); without it only public keys are read. */
  authorize?: RpcAuthorizer
  fetch?: typeof fetch
}

export class RpcProvider implements LightProvider {
  readonly name: string
  private readonly options: RpcProviderOptions

  constructor(options: RpcProviderOptions) {
    this.name = options.url
    this.options = options
  }

  private call(method: string, params: Record<string, unknown>): Promise<unknown> {
    return jsonRpcCall({
      url: this.options.url,
      method,
      params,
      timeoutMs: this.options.timeoutMs ?? 5_000,
      ...(this.options.fetch ? { fetch: this.options.fetch } : {}),
    })
  }

  async lightBlock(height?: bigint): Promise<LightBlock> {
    const params = height === undefined ? {} : { height: height.toString() }
    return parseLightBlock(this.name, await this.call('custos_getLightBlock', params))
  }

  async state(key: string): Promise<StateAnswer> {
    const route = stateRoute(key)
    let params = route.params
    if (route.private && this.options.authorize) {
      const auth = await this.options.authorize({ method: route.method, params })
      params = { ...params, auth }
    }
    const answer = await this.call(route.method, params)
    return route.balances
      ? parseBalanceAnswer(this.name, key, answer)
      : parseStateAnswer(this.name, key, answer)
  }

  async submitEvidence(evidence: ForkEvidence): Promise<void> {
    const side = (s: ForkEvidence['primary']) => ({
      header: headerJson(s.header),
      commit: commitJson(s.commit),
    })
    await this.call('custos_submitEvidence', {
      evidence: {
        height: evidence.height.toString(),
        primary: side(evidence.primary),
        witness: side(evidence.witness),
      },
    })
  }
}
