/**
 * JSON-RPC 2.0 errors of the node's RPC server (docs/rpc.md, "Errors").
 *
 * Codes -32700…-32600 are the JSON-RPC 2.0 specification's ("5.1 Error object"); -32000…-32099
 * are the range it reserves for implementation-defined server errors, used here for the node's
 * own. Every message starts with the code's short name ("rate limited: …") and then says what
 * was wrong and what to do; `data` carries machine-readable details. Never a stack trace.
 */
import { CustosError } from '../protocol/errors'

export const RpcErrorCode = {
  /** The body is not valid JSON. */
  parseError: -32700,
  /** Not a JSON-RPC 2.0 request object, a batch over the cap, or a body over the size limit. */
  invalidRequest: -32600,
  /** No such method (or not on this transport). */
  methodNotFound: -32601,
  /** Params missing, of the wrong type or out of range; `data.field` names the field. */
  invalidParams: -32602,
  /** A bug in the node; details are logged, not sent. */
  internalError: -32603,
  /** A private method was called without `params.auth`. */
  authenticationRequired: -32001,
  /** `params.auth` is expired, malformed, or its signature does not recover `auth.signer`. */
  authenticationFailed: -32002,
  /** The authenticated signer may not read what it asked for. */
  notAuthorized: -32003,
  /** The block, commit, instruction, … does not exist. */
  notFound: -32004,
  /** The client's IP address exceeded its request budget; `data.retryAfterMs` says when to retry. */
  rateLimited: -32005,
  /** The WebSocket connection holds the most subscriptions it may. */
  subscriptionLimit: -32006,
  /** The chain refused the request (a `CustosError`); `data.code` is its stable code. */
  chainRefused: -32010,
} as const

export type RpcErrorCodeValue = (typeof RpcErrorCode)[keyof typeof RpcErrorCode]

export interface RpcErrorObject {
  code: number
  message: string
  data?: Record<string, unknown>
}

/** An error that becomes a JSON-RPC error object as is. */
export class RpcError extends Error {
  readonly code: RpcErrorCodeValue
  readonly data: Record<string, unknown> | undefined

  constructor(code: RpcErrorCodeValue, message: string, data?: Record<string, unknown>) {
    super(message)
    this.name = 'RpcError'
    this.code = code
    this.data = data
  }

  toJSON(): RpcErrorObject {
    return this.data === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, data: this.data }
  }
}

export function invalidParams(field: string, reason: string): RpcError {
  return new RpcError(RpcErrorCode.invalidParams, `invalid params: ${field}: ${reason}`, {
    field,
  })
}

export function notFound(what: string, message: string): RpcError {
  return new RpcError(RpcErrorCode.notFound, `not found: ${message}`, { what })
}

export function notAuthorized(message: string, data?: Record<string, unknown>): RpcError {
  return new RpcError(RpcErrorCode.notAuthorized, `not authorized: ${message}`, data)
}

export function authenticationFailed(message: string): RpcError {
  return new RpcError(RpcErrorCode.authenticationFailed, `authentication failed: ${message}`)
}

export function rateLimited(retryAfterMs: number): RpcError {
  return new RpcError(
    RpcErrorCode.rateLimited,
    `rate limited: too many calls from this IP address; retry in ${retryAfterMs} ms`,
    { retryAfterMs },
  )
}

/**
 * The error object sent for anything a call throws: `RpcError`s as they are, `CustosError`s
 * as `chainRefused` with their stable code, anything else as an internal error (reported to
 * `onInternalError` for the log; the client learns nothing about it).
 */
export function toErrorObject(
  error: unknown,
  onInternalError: (error: unknown) => void,
): RpcErrorObject {
  if (error instanceof RpcError) return error.toJSON()
  if (error instanceof CustosError)
    return {
      code: RpcErrorCode.chainRefused,
      message: error.message,
      data: { code: error.code, details: jsonSafe(error.details) },
    }
  onInternalError(error)
  return { code: RpcErrorCode.internalError, message: 'internal error: see the node log' }
}

function jsonSafe(details: Record<string, unknown>): Record<string, unknown> {
  return JSON.parse(
    JSON.stringify(details, (_key, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)),
  ) as Record<string, unknown>
}
