/**
 * Serves the built renderer (`out/renderer`) over HTTP with the app's own security headers
 * (the same CSP the `app:` protocol sends), so the real renderer runs in a browser. Only files
 * inside the folder are served; anything else is 404.
 */
import { existsSync, readFileSync, statSync } from 'node:fs'
import type { IncomingMessage, ServerResponse } from 'node:http'
import { extname, join, resolve, sep } from 'node:path'
import { securityHeaders } from '../security/csp'

const MIME_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.map': 'application/json',
}

/** The file under `root` that `urlPath` names (index.html for a folder), or undefined. */
export function resolveStaticFile(root: string, urlPath: string): string | undefined {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0] ?? '/')
  } catch {
    return undefined
  }
  if (decoded.includes('\0')) return undefined
  const base = resolve(root)
  const file = resolve(join(base, decoded.endsWith('/') ? `${decoded}index.html` : decoded))
  if (file !== base && !file.startsWith(base + sep)) return undefined
  return existsSync(file) && statSync(file).isFile() ? file : undefined
}

/** Answers a GET for a renderer file; 404 when there is none (or no built renderer). */
export function serveStatic(
  root: string | undefined,
  request: IncomingMessage,
  response: ServerResponse,
): void {
  const headers = { ...securityHeaders(), 'Cache-Control': 'no-store' }
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    response.writeHead(405, { ...headers, Allow: 'GET, HEAD' }).end()
    return
  }
  const file = root === undefined ? undefined : resolveStaticFile(root, request.url ?? '/')
  if (file === undefined) {
    response.writeHead(404, { ...headers, 'Content-Type': 'text/plain; charset=utf-8' })
    response.end(
      root === undefined ? 'The renderer is not built (npm run build).\n' : 'Not found\n',
    )
    return
  }
  const type = MIME_TYPES[extname(file)] ?? 'application/octet-stream'
  response.writeHead(200, { ...headers, 'Content-Type': type })
  response.end(request.method === 'HEAD' ? undefined : readFileSync(file))
}
