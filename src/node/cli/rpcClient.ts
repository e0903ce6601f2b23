/** A minimal JSON-RPC 2.0 client over HTTP for the CLI. */
import { CliError } from './home'

let nextId = 1

export async function rpcCall<T>(url: string, method: string, params: unknown = {}): Promise<T> {
  let response: Response
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: nextId++, method, params }),
      signal: AbortSignal.timeout(10_000),
    })
  } catch (error) {
    throw new CliError(
      `cannot reach ${url}: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  let body: { result?: T; error?: { code: number; message: string } }
  try {
    body = (await response.json()) as typeof body
  } catch {
    throw new CliError(`${url} did not answer with JSON (HTTP ${response.status})`)
  }
  if (body.error) throw new CliError(`${method} failed: ${body.error.message} (${body.error.code})`)
  return body.result as T
}
