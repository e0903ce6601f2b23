/**
 * The renderer's side of the web bridge (`src/main/web`): `window.custos` over a WebSocket, for
 * the real renderer running in a browser (tests, headless use). Same functions as the preload
 * bridge (`createBridge`); a refused call rejects with `BridgeCallError`, which carries the
 * typed `IpcError`.
 *
 * @example
 * const token = new URLSearchParams(location.hash.slice(1)).get('token') ?? ''
 * const client = await connectWebBridge({ url: `ws://${location.host}/`, token })
 * window.custos = client.bridge
 */
import { createBridge, type CustosBridge } from './bridge'
import type { IpcChannel, IpcRequest, IpcResponse } from './ipc'
import { isIpcError, type IpcError, type IpcErrorCode } from './ipcError'

/** A call the bridge refused, with the reason it gave. */
export class BridgeCallError extends Error {
  readonly code: IpcErrorCode
  readonly details: Record<string, unknown>

  constructor(error: IpcError) {
    super(error.message)
    this.name = 'BridgeCallError'
    this.code = error.code
    this.details = error.details ?? {}
  }
}

/** The parts of the WebSocket API the client uses (the browser's, or `ws` in Node). */
export interface WebSocketLike {
  readonly readyState: number
  send(data: string): void
  close(): void
  addEventListener(type: 'open' | 'close' | 'error', listener: () => void): void
  addEventListener(type: 'message', listener: (event: { data: unknown }) => void): void
}

export interface ConnectWebBridgeOptions {
  /** `ws://127.0.0.1:<port>/` */
  url: string
  token: string
  /** Default: the global `WebSocket`. */
  createSocket?: (url: string) => WebSocketLike
}

export interface WebBridgeClient {
  readonly bridge: CustosBridge
  close(): void
}

interface Reply {
  id: number
  ok: boolean
  response?: unknown
  error?: unknown
}

const OPEN = 1

export function connectWebBridge(options: ConnectWebBridgeOptions): Promise<WebBridgeClient> {
  const url = new URL(options.url)
  url.searchParams.set('token', options.token)
  const socket = options.createSocket
    ? options.createSocket(url.href)
    : (new WebSocket(url.href) as unknown as WebSocketLike)
  const pending = new Map<
    number,
    { resolve: (value: unknown) => void; reject: (e: Error) => void }
  >()
  let nextId = 1

  socket.addEventListener('message', (event) => {
    let reply: Reply
    try {
      reply = JSON.parse(String(event.data)) as Reply
    } catch {
      return
    }
    const waiting = pending.get(reply.id)
    if (!waiting) return
    pending.delete(reply.id)
    if (reply.ok) waiting.resolve(reply.response)
    else
      waiting.reject(
        new BridgeCallError(
          isIpcError(reply.error)
            ? reply.error
            : { code: 'INTERNAL', message: 'the bridge answered without a reason' },
        ),
      )
  })
  socket.addEventListener('close', () => {
    for (const waiting of pending.values())
      waiting.reject(new BridgeCallError({ code: 'INTERNAL', message: 'the bridge closed' }))
    pending.clear()
  })

  const invoke = <C extends IpcChannel>(channel: C, request: IpcRequest<C>) =>
    new Promise<IpcResponse<C>>((resolve, reject) => {
      if (socket.readyState !== OPEN)
        return reject(new BridgeCallError({ code: 'INTERNAL', message: 'the bridge is closed' }))
      const id = nextId++
      pending.set(id, { resolve: resolve as (value: unknown) => void, reject })
      socket.send(JSON.stringify({ id, channel, request }))
    })

  return new Promise((resolve, reject) => {
    socket.addEventListener('open', () =>
      resolve({ bridge: createBridge(invoke), close: () => socket.close() }),
    )
    socket.addEventListener('error', () =>
      reject(
        new BridgeCallError({
          code: 'UNAUTHORIZED',
          message: 'could not connect to the web bridge (wrong token, or it is not running)',
        }),
      ),
    )
  })
}
