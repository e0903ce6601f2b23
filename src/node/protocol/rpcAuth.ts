/**
 * Authentication of private RPC reads (docs/rpc.md, "Authentication").
 *
 * A private query carries `params.auth = { signer, issuedAt, signature }`: an EIP-712 signature
 * in the chain's domain over
 *   RpcRequest(string method,bytes32 paramsHash,uint64 issuedAt)
 * where `paramsHash = keccak256(UTF-8(canonicalJson(params without "auth")))` and `issuedAt` is
 * unix seconds. Canonical JSON is RFC 8785 (JCS) for the JSON values RPC params use: object
 * members sorted by their names' UTF-16 code units, no whitespace, strings and numbers as
 * ECMAScript `JSON.stringify` writes them (RFC 8785 §3.2.2.2 and §3.2.2.3 specify exactly that).
 *
 * Pure: no clock. The server decides whether `issuedAt` is fresh (`rpcAuthWindowSeconds`).
 */
import { typedDataDigest, type CustosDomain } from './eip712'
import { InvalidValue } from './errors'
import { fromHex, keccak256, toHex, utf8 } from './hash'
import type { Address, Hex } from './messages'
import {
  addressOfPrivateKey,
  nobleRecoverAddress,
  parseSignature,
  signDigest,
  type RecoverAddress,
} from './signature'

/** EIP-712 type of an authenticated RPC request. */
export const rpcRequestTypes = {
  RpcRequest: [
    { name: 'method', type: 'string' },
    { name: 'paramsHash', type: 'bytes32' },
    { name: 'issuedAt', type: 'uint64' },
  ],
} as const

/** A signed request is accepted while the server clock is within this many seconds of `issuedAt`. */
export const rpcAuthWindowSeconds = 300n

/** Nesting depth canonical JSON accepts (RPC params are shallow). */
const MAX_DEPTH = 32

/** `params.auth` as sent on the wire (JSON: `issuedAt` is a decimal string). */
export interface RpcAuth {
  signer: Address
  issuedAt: string
  signature: Hex
}

export interface RpcRequestMessage {
  method: string
  paramsHash: Hex
  issuedAt: bigint
}

/** RFC 8785 canonical JSON of a JSON value; throws `InvalidValue` for anything else. */
export function canonicalJson(value: unknown, depth = 0): string {
  if (depth > MAX_DEPTH) throw new InvalidValue('params', `nested deeper than ${MAX_DEPTH}`)
  if (value === null || typeof value === 'boolean' || typeof value === 'string')
    return JSON.stringify(value)
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new InvalidValue('params', 'numbers must be finite')
    return JSON.stringify(value)
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v, depth + 1)).join(',')}]`
  if (typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const record = value as Record<string, unknown>
    const members = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k], depth + 1)}`)
    return `{${members.join(',')}}`
  }
  throw new InvalidValue('params', `${typeof value} is not a JSON value`)
}

/** keccak256 of the canonical JSON of `params` without its `auth` member. */
export function rpcParamsHash(params: Readonly<Record<string, unknown>>): Hex {
  const rest: Record<string, unknown> = { ...params }
  delete rest['auth']
  return toHex(keccak256(utf8(canonicalJson(rest))))
}

/** The digest a reader signs for one request. */
export function rpcRequestDigest(domain: CustosDomain, message: RpcRequestMessage): Hex {
  return typedDataDigest(
    domain,
    'RpcRequest',
    message as unknown as Record<string, unknown>,
    rpcRequestTypes,
  )
}

export interface SignRpcRequestParameters {
  domain: CustosDomain
  method: string
  /** The request's params (an `auth` member, if any, is ignored). */
  params: Readonly<Record<string, unknown>>
  /** Unix seconds. */
  issuedAt: bigint
  privateKey: Uint8Array
}

/**
 * Signs a request with a raw key (tests, tools). Hardware wallets sign the same typed data:
 * `{ domain, types: rpcRequestTypes, primaryType: 'RpcRequest', message }`.
 *
 * @example
 * const auth = signRpcRequest({ domain, method: 'custos_getBalances',
 *   params: { address }, issuedAt: BigInt(Math.floor(Date.now() / 1000)), privateKey })
 * const body = { jsonrpc: '2.0', id: 1, method: 'custos_getBalances', params: { address, auth } }
 */
export function signRpcRequest(p: SignRpcRequestParameters): RpcAuth {
  const digest = rpcRequestDigest(p.domain, {
    method: p.method,
    paramsHash: rpcParamsHash(p.params),
    issuedAt: p.issuedAt,
  })
  return {
    signer: addressOfPrivateKey(p.privateKey),
    issuedAt: p.issuedAt.toString(),
    signature: signDigest(fromHex(digest), p.privateKey),
  }
}

export interface RecoverRpcRequestSignerParameters {
  domain: CustosDomain
  method: string
  params: Readonly<Record<string, unknown>>
  issuedAt: bigint
  signature: Hex
  recover?: RecoverAddress
}

/**
 * The address that signed this request (lowercase). A signature made over another method,
 * other params, another `issuedAt` or another chain recovers some other address; the caller
 * compares it with the claimed signer. Throws `BadSignature` for a malformed signature.
 */
export function recoverRpcRequestSigner(p: RecoverRpcRequestSignerParameters): Address {
  const signature = parseSignature(p.signature)
  const digest = rpcRequestDigest(p.domain, {
    method: p.method,
    paramsHash: rpcParamsHash(p.params),
    issuedAt: p.issuedAt,
  })
  return (p.recover ?? nobleRecoverAddress)(fromHex(digest), signature).toLowerCase() as Address
}
