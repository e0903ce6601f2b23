/**
 * How the CLI talks to a node: a minimal JSON-RPC call (`custos status`), and for commands that
 * sign, the client SDK's RPC, a signer from a key file, and sending a transaction with progress
 * lines and a clear outcome.
 */
import {
  CustosRpc,
  privateKeySigner,
  sendTx,
  type SentTx,
  type TxContext,
  type TypedDataSigner,
  type UnsignedTxRequest,
} from '../client'
import { CliError, readKey } from './home'

/** Where a node started with `custos init` defaults answers JSON-RPC. */
export const DEFAULT_RPC_URL = 'http://127.0.0.1:26657'

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

/** The SDK client of the node at `--rpc` (default `DEFAULT_RPC_URL`). */
export function connect(url: string | undefined): CustosRpc {
  return new CustosRpc(url ?? DEFAULT_RPC_URL)
}

/** The signer of `--key FILE`: a key file as `custos init` writes them ({ address, privateKey }). */
export function keySigner(path: string | undefined, command: string): TypedDataSigner {
  if (!path)
    throw new CliError(`--key FILE is required: the key that signs (see ${command} --help)`)
  return privateKeySigner(readKey(path, 'key file'))
}

/** Seconds of `--timeout` (default 60) as milliseconds. */
export function timeoutMs(value: string | undefined): number {
  if (value === undefined) return 60_000
  if (!/^[1-9]\d{0,5}$/.test(value))
    throw new CliError(`--timeout must be a whole number of seconds, got ${JSON.stringify(value)}`)
  return Number(value) * 1000
}

export interface SubmitParameters<R extends UnsignedTxRequest> {
  rpc: CustosRpc
  signer: TypedDataSigner
  build: (ctx: TxContext) => R
  timeoutMs: number
  /** Progress lines go here (a JSON output prints none). */
  progress: (line: string) => void
}

/**
 * Signs, checks, submits and waits for one transaction, telling the user each step. A
 * refusal or a timeout throws the SDK's `TxRefused` / `TxTimeout`, whose messages say what
 * happened and what to do; `main` prints them.
 */
export async function submit<R extends UnsignedTxRequest>(
  p: SubmitParameters<R>,
): Promise<SentTx<R> & { committed: NonNullable<SentTx<R>['committed']> }> {
  const sent = await sendTx({
    rpc: p.rpc,
    signer: p.signer,
    build: (ctx) => {
      const request = p.build(ctx)
      p.progress(`submitting ${request.kind} ${request.id} from ${ctx.from} (nonce ${ctx.nonce})`)
      return request
    },
    wait: { timeoutMs: p.timeoutMs },
  })
  const committed = sent.committed
  if (!committed) throw new CliError(`transaction ${sent.id} was not waited for`)
  p.progress(`committed in block ${committed.height}`)
  return { ...sent, committed }
}
