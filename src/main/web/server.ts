/**
 * The web bridge (ARCHITECTURE.md, "Desktop app"): the IPC handlers served over a WebSocket on
 * 127.0.0.1, and the built renderer over HTTP on the same port, so the real renderer runs in a
 * browser for tests and headless use.
 *
 * Every connection must carry the random token (`?token=` on the WebSocket URL; the renderer
 * reads it from the page's `#token=` fragment, which the browser never sends). Requests whose
 * Host is not the bridge's own address (DNS rebinding) or whose Origin is another site are
 * refused before the upgrade. Each message is validated with its channel's zod schema.
 *
 * @example
 * const bridge = await startWebBridge({ services })
 * console.log(`${bridge.url}#token=${bridge.token}`)
 * await bridge.close()
 */
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type WebSocket } from 'ws'
import type { Services } from '../services/types'
import { dispatch } from './dispatch'
import { serveStatic } from './staticFiles'
import { newToken, tokenMatches } from './token'

/** Largest message accepted (1 MiB): requests are small; a bigger frame is refused. */
const MAX_MESSAGE_BYTES = 1 << 20

export interface StartWebBridgeParameters {
  services: Services
  /** Default 0: a free port the OS picks. */
  port?: number
  /** Default: a new random token. */
  token?: string
  /** The built renderer's folder; absent: only the WebSocket is served. */
  rendererDir?: string
}

export interface WebBridge {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string
  readonly port: number
  readonly token: string
  /** Closes every connection and the server (the services are the caller's to stop). */
  close(): Promise<void>
}

const HOST = '127.0.0.1'

export async function startWebBridge(p: StartWebBridgeParameters): Promise<WebBridge> {
  const token = p.token ?? newToken()
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES })
  const server: Server = createServer((request, response) => {
    if (!hostAllowed(request, port())) {
      response.writeHead(421, { 'Content-Type': 'text/plain; charset=utf-8' }).end('Wrong host\n')
      return
    }
    serveStatic(p.rendererDir, request, response)
  })
  const port = (): number => {
    const address = server.address()
    return typeof address === 'object' && address !== null ? address.port : 0
  }

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refusal = refusalOf(request, port(), token)
    if (refusal) {
      socket.end(`HTTP/1.1 ${refusal}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`)
      return
    }
    sockets.handleUpgrade(request, socket, head, (ws) => serve(ws, p.services))
  })

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(p.port ?? 0, HOST, () => {
      server.off('error', reject)
      resolve()
    })
  })
  const bound = port()
  return {
    url: `http://${HOST}:${bound}/`,
    port: bound,
    token,
    async close() {
      for (const client of sockets.clients) client.terminate()
      await new Promise<void>((resolve) => sockets.close(() => resolve()))
      await new Promise<void>((resolve) => server.close(() => resolve()))
    },
  }
}

/** Answers each text frame with its reply; binary frames are refused. */
function serve(ws: WebSocket, services: Services): void {
  ws.on('message', (data, isBinary) => {
    if (isBinary) {
      ws.send(
        JSON.stringify({
          id: null,
          ok: false,
          error: { code: 'INVALID_REQUEST', message: 'send JSON text frames' },
        }),
      )
      return
    }
    const frame = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : data.toString()
    void dispatch(services, frame).then((reply) => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(reply))
    })
  })
}

/** The HTTP status line refusing an upgrade, or undefined when it is allowed. */
function refusalOf(request: IncomingMessage, port: number, token: string): string | undefined {
  if (!hostAllowed(request, port)) return '421 Misdirected Request'
  const origin = request.headers.origin
  if (origin !== undefined && !allowedOrigins(port).has(origin)) return '403 Forbidden'
  const url = new URL(request.url ?? '/', `http://${HOST}:${port}`)
  if (!tokenMatches(url.searchParams.get('token'), token)) return '401 Unauthorized'
  return undefined
}

function allowedOrigins(port: number): Set<string> {
  return new Set([`http://${HOST}:${port}`, `http://localhost:${port}`])
}

function hostAllowed(request: IncomingMessage, port: number): boolean {
  const host = request.headers.host
  return host === `${HOST}:${port}` || host === `localhost:${port}`
}
