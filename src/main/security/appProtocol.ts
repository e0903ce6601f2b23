/**
 * The `app://custos/…` protocol that serves the built renderer from the app folder instead
 * of `file://` (Electron security checklist, item 18, "Avoid usage of the file:// protocol
 * and prefer usage of custom protocols").
 *
 * - The scheme is registered as privileged (standard, secure, fetch, no CORS bypass) before
 *   the app is ready, so its pages get a real origin, `app://custos`, and a secure context.
 * - A request maps to a file under one root folder (`out/renderer` inside the asar). `..`,
 *   encoded separators, NUL bytes and anything resolving outside the root are refused with
 *   403; files that do not exist are 404; only GET and HEAD are answered.
 * - Every answer carries the strict CSP of `csp.ts` as a response header.
 *
 * Electron's `protocol` is injected, and the handler is a plain `Request → Response`
 * function, so all of it runs under Node's fetch types in tests.
 */
import { readFile as readFileFromDisk } from 'node:fs/promises'
import { extname, isAbsolute, join, relative, resolve } from 'node:path'
import type { Protocol } from 'electron'
import { securityHeaders } from './csp'
import { APP_HOST, APP_SCHEME, parseUrl } from './origin'

/** The parts of Electron's `protocol` module this file uses. */
export type AppProtocolModule = Pick<Protocol, 'registerSchemesAsPrivileged' | 'handle'>

/** Reads a whole file; rejects (e.g. ENOENT, EISDIR) when there is no such file. */
export type ReadAppFile = (path: string) => Promise<Uint8Array>

export interface AppProtocolHandlerParameters {
  /** The folder holding the built renderer (`index.html` and its assets). */
  root: string
  /** Injected for tests; defaults to `fs.readFile`. */
  readFile?: ReadAppFile
}

/** Where a request points: a file under the root, or why it is refused. */
export type AppPathResolution =
  { ok: true; path: string } | { ok: false; status: 400 | 403 | 404; reason: string }

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.wasm': 'application/wasm',
  '.txt': 'text/plain; charset=utf-8',
}

/**
 * Registers `app:` as a privileged scheme. Must run before the app's `ready` event, and
 * only once (Electron's rule for `registerSchemesAsPrivileged`).
 */
export function registerAppScheme(
  protocol: Pick<AppProtocolModule, 'registerSchemesAsPrivileged'>,
): void {
  protocol.registerSchemesAsPrivileged([
    {
      scheme: APP_SCHEME,
      privileges: { standard: true, secure: true, supportFetchAPI: true, codeCache: true },
    },
  ])
}

/** Maps an `app:` URL to a file under `root`, refusing anything that leaves it. */
export function resolveAppPath(root: string, requestUrl: string): AppPathResolution {
  const url = parseUrl(requestUrl)
  if (url === null || url.protocol !== `${APP_SCHEME}:`) {
    return { ok: false, status: 400, reason: 'not an app: URL' }
  }
  if (url.host !== APP_HOST) return { ok: false, status: 404, reason: `unknown host ${url.host}` }

  const segments: string[] = []
  for (const raw of url.pathname.split('/')) {
    if (raw === '') continue
    let segment: string
    try {
      segment = decodeURIComponent(raw)
    } catch {
      return { ok: false, status: 400, reason: 'malformed percent-encoding' }
    }
    if (segment === '.' || segment === '..' || /[/\\\0]/.test(segment)) {
      return { ok: false, status: 403, reason: 'path traversal' }
    }
    segments.push(segment)
  }
  if (segments.length === 0) segments.push('index.html')

  const base = resolve(root)
  const path = resolve(join(base, ...segments))
  const inside = relative(base, path)
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    return { ok: false, status: 403, reason: 'path outside the app folder' }
  }
  return { ok: true, path }
}

function refusal(status: number, text: string): Response {
  return new Response(text, {
    status,
    headers: { ...securityHeaders(), 'Content-Type': 'text/plain; charset=utf-8' },
  })
}

/** The `app:` handler: a built file with the security headers, or a refusal. */
export function createAppProtocolHandler({
  root,
  readFile = readFileFromDisk,
}: AppProtocolHandlerParameters): (request: Request) => Promise<Response> {
  return async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      return refusal(405, 'Method not allowed')
    }
    const target = resolveAppPath(root, request.url)
    if (!target.ok) return refusal(target.status, target.status === 404 ? 'Not found' : 'Forbidden')

    let body: Uint8Array
    try {
      body = await readFile(target.path)
    } catch {
      return refusal(404, 'Not found')
    }
    const contentType =
      CONTENT_TYPES[extname(target.path).toLowerCase()] ?? 'application/octet-stream'
    return new Response(request.method === 'HEAD' ? null : new Uint8Array(body), {
      status: 200,
      headers: { ...securityHeaders(), 'Content-Type': contentType },
    })
  }
}

/** Serves `root` on `app://custos/`. Call once the app is ready. */
export function installAppProtocol(
  protocol: Pick<AppProtocolModule, 'handle'>,
  parameters: AppProtocolHandlerParameters,
): void {
  protocol.handle(APP_SCHEME, createAppProtocolHandler(parameters))
}
