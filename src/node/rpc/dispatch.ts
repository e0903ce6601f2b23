/**
 * JSON-RPC 2.0 request handling, independent of the transport: one request object or a batch
 * in, the response (or nothing, for notifications) out. Implements the specification's
 * "4 Request object", "5 Response object" and "6 Batch": a notification (no `id`) gets no
 * response, not even an error; a request that is not a valid Request object gets an error with
 * `id: null`; an empty batch is itself an invalid request.
 */
import type { Address } from '../protocol/messages'
import { authenticate } from './authenticate'
import { invalidParams, RpcError, RpcErrorCode, toErrorObject, type RpcErrorObject } from './errors'
import type { RpcCall, RpcContext, RpcMethod } from './method'
import { methods } from './methods'
import { parseParams } from './params'

export type JsonRpcId = string | number | null

export type JsonRpcResponse =
  | { jsonrpc: '2.0'; id: JsonRpcId; result: unknown }
  | { jsonrpc: '2.0'; id: JsonRpcId; error: RpcErrorObject }

export interface DispatchOptions {
  ctx: RpcContext
  /** Methods of this transport only (WebSocket subscriptions). */
  transportMethods?: ReadonlyMap<string, RpcMethod>
  /** Methods that exist on another transport: name → where to call them. */
  elsewhere?: ReadonlyMap<string, string>
  onInternalError(error: unknown): void
}

export function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

export function errorResponse(id: JsonRpcId, error: RpcError): JsonRpcResponse {
  return { jsonrpc: '2.0', id, error: error.toJSON() }
}

/** Number of calls a body holds (what it costs against the rate limit). */
export function callCount(body: unknown): number {
  return Array.isArray(body) ? Math.max(1, body.length) : 1
}

/** Handles a parsed body: one request or a batch. Undefined: nothing to send back. */
export function dispatchBody(
  body: unknown,
  options: DispatchOptions,
): JsonRpcResponse | JsonRpcResponse[] | undefined {
  if (!Array.isArray(body)) return dispatchRequest(body, options)
  const { maxBatch } = options.ctx.limits
  if (body.length === 0)
    return errorResponse(
      null,
      new RpcError(RpcErrorCode.invalidRequest, 'invalid request: the batch is empty'),
    )
  if (body.length > maxBatch)
    return errorResponse(
      null,
      new RpcError(
        RpcErrorCode.invalidRequest,
        `invalid request: the batch holds ${body.length} calls; the limit is ${maxBatch}. ` +
          'Split it into smaller batches',
        { calls: body.length, limit: maxBatch },
      ),
    )
  const responses: JsonRpcResponse[] = []
  for (const request of body) {
    const response = dispatchRequest(request, options)
    if (response) responses.push(response)
  }
  return responses.length > 0 ? responses : undefined
}

function invalidRequest(message: string): RpcError {
  return new RpcError(RpcErrorCode.invalidRequest, `invalid request: ${message}`)
}

function isId(value: unknown): value is JsonRpcId {
  return (
    value === null ||
    typeof value === 'string' ||
    (typeof value === 'number' && Number.isFinite(value))
  )
}

export function dispatchRequest(
  request: unknown,
  options: DispatchOptions,
): JsonRpcResponse | undefined {
  if (!isJsonObject(request))
    return errorResponse(null, invalidRequest('a request must be a JSON object'))
  const isNotification = !Object.hasOwn(request, 'id')
  const id = request['id']
  if (!isNotification && !isId(id))
    return errorResponse(null, invalidRequest('id must be a string, a number or null'))
  const replyId: JsonRpcId = isNotification ? null : (id as JsonRpcId)
  if (request['jsonrpc'] !== '2.0')
    return errorResponse(replyId, invalidRequest('jsonrpc must be "2.0"'))
  const name = request['method']
  if (typeof name !== 'string')
    return errorResponse(replyId, invalidRequest('method must be a string'))

  const reply = (outcome: { result: unknown } | { error: RpcErrorObject }) =>
    isNotification ? undefined : ({ jsonrpc: '2.0', id: replyId, ...outcome } as JsonRpcResponse)

  const method = options.transportMethods?.get(name) ?? methods.get(name)
  if (!method) {
    const where = options.elsewhere?.get(name)
    const message = where
      ? `method not found: ${name} is available ${where} only`
      : `method not found: ${name}`
    return reply({ error: { code: RpcErrorCode.methodNotFound, message } })
  }
  try {
    const raw = request['params'] ?? {}
    if (!isJsonObject(raw)) throw invalidParams('params', 'must be an object of named params')
    const rest: Record<string, unknown> = { ...raw }
    delete rest['auth']
    const params = parseParams(method.params, rest)
    const call: RpcCall = { ctx: options.ctx, raw, method: name }
    const reader: Address | undefined = method.access === 'private' ? authenticate(call) : undefined
    return reply({ result: method.run(params, call, reader) })
  } catch (error) {
    return reply({ error: toErrorObject(error, options.onInternalError) })
  }
}
