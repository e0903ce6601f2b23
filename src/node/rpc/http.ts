/**
 * JSON-RPC over HTTP: `POST /` with a JSON body (one request or a batch). Transport refusals
 * carry a JSON-RPC error body too: 404 (other paths), 405 (not POST), 415 (not JSON), 413 (body
 * over `maxBodyBytes`, -32600 "request too large"), 429 (rate limited, -32005, `Retry-After`).
 * Every JSON-RPC answer, error or not, is HTTP 200; a body of notifications only gets 204.
 */
import type { IncomingMessage, ServerResponse } from 'node:http'
import { callCount, dispatchBody, errorResponse, type DispatchOptions } from './dispatch'
import { rateLimited, RpcError, RpcErrorCode, toErrorObject } from './errors'
import { jsonText } from './json'
import type { RateLimiter } from './rateLimit'

export interface HttpHandlerParameters {
  dispatch: DispatchOptions
  limiter: RateLimiter | undefined
}

const utf8 = new TextDecoder('utf-8', { fatal: true })

function reply(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return
  const text = body === undefined ? '' : jsonText(body)
  res.writeHead(status, {
    ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
    'Content-Length': String(Buffer.byteLength(text)),
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  })
  res.end(text)
}

function invalidRequest(message: string, data?: Record<string, unknown>): RpcError {
  return new RpcError(RpcErrorCode.invalidRequest, message, data)
}

export function createHttpHandler(params: HttpHandlerParameters) {
  const { dispatch, limiter } = params
  const { maxBodyBytes, maxBatch } = dispatch.ctx.limits

  const limited = (res: ServerResponse, retryAfterMs: number): void =>
    reply(res, 429, errorResponse(null, rateLimited(retryAfterMs)), {
      'Retry-After': String(Math.ceil(retryAfterMs / 1000)),
    })

  const tooLarge = (res: ServerResponse, size: number): void =>
    reply(
      res,
      413,
      errorResponse(
        null,
        invalidRequest(
          `request too large: the body is over ${maxBodyBytes} bytes, the most this node accepts`,
          { size, limit: maxBodyBytes },
        ),
      ),
      { Connection: 'close' },
    )

  return (req: IncomingMessage, res: ServerResponse): void => {
    const ip = req.socket.remoteAddress ?? 'unknown'
    const path = (req.url ?? '/').split('?')[0]
    if (path !== '/') {
      reply(
        res,
        404,
        errorResponse(
          null,
          invalidRequest(
            `invalid request: no such path ${JSON.stringify(path)}; POST JSON-RPC requests to / (WebSocket: /ws)`,
          ),
        ),
      )
      return
    }
    if (req.method !== 'POST') {
      reply(
        res,
        405,
        errorResponse(null, invalidRequest('invalid request: send JSON-RPC with POST')),
        { Allow: 'POST' },
      )
      return
    }
    const first = limiter?.take(ip, 1)
    if (first && !first.ok) {
      req.resume()
      limited(res, first.retryAfterMs)
      return
    }
    const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase()
    if (type !== 'application/json') {
      req.resume()
      reply(
        res,
        415,
        errorResponse(
          null,
          invalidRequest('invalid request: the body must be JSON (Content-Type: application/json)'),
        ),
      )
      return
    }
    const declared = Number(req.headers['content-length'] ?? 0)
    if (declared > maxBodyBytes) {
      tooLarge(res, declared)
      return
    }

    const chunks: Buffer[] = []
    let size = 0
    let finished = false
    req.on('data', (chunk: Buffer) => {
      if (finished) return
      size += chunk.length
      if (size > maxBodyBytes) {
        finished = true
        chunks.length = 0
        tooLarge(res, size)
        return
      }
      chunks.push(chunk)
    })
    req.on('error', () => {
      finished = true
    })
    req.on('end', () => {
      if (finished) return
      finished = true
      let body: unknown
      try {
        body = JSON.parse(utf8.decode(Buffer.concat(chunks)))
      } catch (error) {
        const reason = error instanceof SyntaxError ? error.message : 'the body is not UTF-8'
        reply(
          res,
          200,
          errorResponse(
            null,
            new RpcError(
              RpcErrorCode.parseError,
              `parse error: the body is not valid JSON (${reason})`,
            ),
          ),
        )
        return
      }
      // the first call was paid on arrival; a batch over the cap is refused, so it costs 1
      const calls = Array.isArray(body) && body.length > maxBatch ? 1 : callCount(body)
      const rest = limiter && calls > 1 ? limiter.take(ip, calls - 1) : undefined
      if (rest && !rest.ok) {
        limited(res, rest.retryAfterMs)
        return
      }
      let response: ReturnType<typeof dispatchBody>
      try {
        response = dispatchBody(body, dispatch)
      } catch (error) {
        // dispatch catches every call's errors; this is the last guard against a crash
        response = {
          jsonrpc: '2.0',
          id: null,
          error: toErrorObject(error, dispatch.onInternalError),
        }
      }
      reply(res, response === undefined ? 204 : 200, response)
    })
  }
}
