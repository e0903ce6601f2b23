/**
 * The node's JSON-RPC 2.0 server: HTTP `POST /` and WebSocket `/ws` on one port, bound to
 * 127.0.0.1 unless told otherwise. Methods, errors and limits: docs/rpc.md.
 */
import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import type { Duplex } from 'node:stream'
import { WebSocketServer } from 'ws'
import type { RpcBackend } from './backend'
import type { DispatchOptions } from './dispatch'
import { createHttpHandler } from './http'
import { defaultLimits, type RpcLimits } from './limits'
import type { RpcContext } from './method'
import { RateLimiter } from './rateLimit'
import { SubmittedTxs } from './submittedTxs'
import { WebSocketHub } from './websocket'

export const defaultRpcHost = '127.0.0.1'
export const defaultRpcPort = 8645

export interface CreateRpcServerParameters {
  backend: RpcBackend
  /** Interface to bind; default 127.0.0.1 (loopback only). */
  host?: string
  /** Default 8645; 0 picks a free port. */
  port?: number
  limits?: Partial<RpcLimits>
  /** Server clock in unix milliseconds (auth windows, rate limits); default `Date.now`. */
  now?: () => number
  /** Called with every unexpected error a call or a notification raised (for the node log). */
  onInternalError?: (error: unknown) => void
}

export interface RpcServer {
  /** `http://host:port/` */
  url: string
  /** `ws://host:port/ws` */
  wsUrl: string
  /** Stops listening, closes every connection and subscription. */
  close(): Promise<void>
}

/**
 * Starts the RPC server.
 *
 * @example
 * const rpc = await createRpcServer({ backend, port: 0 })
 * const res = await fetch(rpc.url, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'custos_status' }),
 * })
 * await rpc.close()
 */
export async function createRpcServer(params: CreateRpcServerParameters): Promise<RpcServer> {
  const { backend } = params
  const limits: RpcLimits = { ...defaultLimits, ...params.limits }
  const now = params.now ?? Date.now
  const onInternalError = params.onInternalError ?? (() => undefined)
  const ctx: RpcContext = {
    backend,
    limits,
    now,
    submitted: new SubmittedTxs(limits.maxTrackedSubmissions),
  }
  const limiter = limits.rateLimit ? new RateLimiter(limits.rateLimit, now) : undefined
  const dispatch: DispatchOptions = {
    ctx,
    elsewhere: new Map([
      ['custos_subscribe', 'over WebSocket (/ws)'],
      ['custos_unsubscribe', 'over WebSocket (/ws)'],
    ]),
    onInternalError,
  }
  const hub = new WebSocketHub({ ctx, limiter, onInternalError })
  const wss = new WebSocketServer({
    noServer: true,
    maxPayload: limits.maxWsMessageBytes,
    clientTracking: false,
  })

  const server = createServer(
    { requestTimeout: limits.requestTimeoutMs, headersTimeout: limits.requestTimeoutMs },
    createHttpHandler({ dispatch, limiter }),
  )
  server.on('clientError', (_error, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\n\r\n')
    else socket.destroy()
  })
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy())
    const refuse = (status: string) =>
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
    if ((req.url ?? '').split('?')[0] !== '/ws') return refuse('404 Not Found')
    const ip = req.socket.remoteAddress ?? 'unknown'
    if (limiter && !limiter.take(ip, 1).ok) return refuse('429 Too Many Requests')
    if (hub.size >= limits.maxWsConnections) return refuse('503 Service Unavailable')
    if (hub.countFrom(ip) >= limits.maxWsConnectionsPerIp) return refuse('429 Too Many Requests')
    wss.handleUpgrade(req, socket, head, (ws) => hub.accept(ws, ip))
  })

  const stopListening = backend.onNewBlock((height) => {
    try {
      ctx.submitted.prune(backend.chain)
      hub.publishBlock(height)
    } catch (error) {
      onInternalError(error)
    }
  })

  const host = params.host ?? defaultRpcHost
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(params.port ?? defaultRpcPort, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
  } catch (error) {
    stopListening()
    throw error
  }
  const { port } = server.address() as AddressInfo
  const authority = `${host.includes(':') ? `[${host}]` : host}:${port}`

  let closing: Promise<void> | undefined
  return {
    url: `http://${authority}/`,
    wsUrl: `ws://${authority}/ws`,
    close() {
      closing ??= (async () => {
        stopListening()
        const closed = new Promise<void>((resolve) => server.close(() => resolve()))
        server.closeIdleConnections()
        await hub.closeAll()
        wss.close()
        server.closeAllConnections()
        await closed
      })()
      return closing
    },
  }
}
