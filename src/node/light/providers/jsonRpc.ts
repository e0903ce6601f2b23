/**
 * One JSON-RPC 2.0 call over HTTP `fetch`, with a timeout, mapped to `ProviderError`s: the
 * light client decides what a failure means (a withheld header, an unreachable node).
 */
import { ProviderError } from '../errors'

/** The server's error object, kept for messages. */
export interface JsonRpcErrorObject {
  code: number
  message: string
}

/** -32004 in docs/rpc.md: no such block, commit, …  */
const NOT_FOUND = -32004

export interface JsonRpcCallParameters {
  url: string
  method: string
  params: Record<string, unknown>
  timeoutMs: number
  fetch?: typeof fetch
}

/** Calls `method`; resolves with `result`, or throws a `ProviderError`. */
export async function jsonRpcCall(p: JsonRpcCallParameters): Promise<unknown> {
  const doFetch = p.fetch ?? fetch
  let response: Response
  try {
    response = await doFetch(p.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: p.method, params: p.params }),
      signal: AbortSignal.timeout(p.timeoutMs),
    })
  } catch (cause) {
    throw transportError(p, cause)
  }
  let body: unknown
  try {
    body = await response.json()
  } catch (cause) {
    if (isTimeout(cause)) throw transportError(p, cause)
    throw new ProviderError(p.url, 'bad-response', `${p.method}: the answer is not JSON`, cause)
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new ProviderError(
      p.url,
      'bad-response',
      `${p.method}: the answer is not a JSON-RPC response`,
    )
  const { result, error } = body as { result?: unknown; error?: JsonRpcErrorObject }
  if (error !== undefined) {
    const message = typeof error?.message === 'string' ? error.message : 'an error'
    throw new ProviderError(
      p.url,
      error?.code === NOT_FOUND ? 'not-found' : 'refused',
      `${p.method}: ${message}`,
    )
  }
  if (result === undefined || result === null)
    throw new ProviderError(p.url, 'not-found', `${p.method}: the answer is empty`)
  return result
}

function isTimeout(cause: unknown): boolean {
  return cause instanceof Error && (cause.name === 'TimeoutError' || cause.name === 'AbortError')
}

function transportError(p: JsonRpcCallParameters, cause: unknown): ProviderError {
  if (isTimeout(cause))
    return new ProviderError(
      p.url,
      'timeout',
      `${p.method}: no answer within ${p.timeoutMs} ms`,
      cause,
    )
  return new ProviderError(p.url, 'unreachable', `${p.method}: ${describeCause(cause)}`, cause)
}

function describeCause(cause: unknown): string {
  const inner = cause instanceof Error && cause.cause instanceof Error ? cause.cause : cause
  if (inner instanceof Error) return (inner as { code?: string }).code ?? inner.message
  return String(inner)
}
