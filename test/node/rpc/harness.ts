/**
 * An RPC server over a real Chain on a temporary SQLite file, with a backend that announces
 * each block `produceBlock` commits, plus small HTTP and WebSocket clients.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import WebSocket from 'ws'
import { Chain, type ProducedBlock } from '../../../src/node/chain'
import { encodeTx, signRpcRequest, type SignedTx } from '../../../src/node/protocol'
import { toHex } from '../../../src/node/protocol'
import {
  createRpcServer,
  type NodeStatus,
  type RpcBackend,
  type RpcLimits,
  type RpcServer,
} from '../../../src/node/rpc'
import { getTokenSymbols, parseGenesis, type Genesis } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  actor,
  testDomain,
  testGenesisDocument,
  validators,
  type Actor,
} from '../../fixtures/network'

export const auditor = actor('auditor')
export const regulator = actor('regulator')

/** The test network plus an auditor and a regulator; `params` overrides genesis params. */
export function rpcGenesis(params?: Record<string, unknown>): Genesis {
  const doc = testGenesisDocument()
  if (params) doc['params'] = params
  doc['participants'] = [
    ...(doc['participants'] as unknown[]),
    { address: auditor.address, name: 'Big Four Audit LLP', roles: ['auditor'] },
    { address: regulator.address, name: 'Financial Markets Authority', roles: ['regulator'] },
  ]
  return parseGenesis(doc)
}

export class TestBackend implements RpcBackend {
  readonly chain: Chain
  private readonly listeners = new Set<(height: bigint) => void>()
  nodeStatus: NodeStatus = {
    peers: 3,
    syncing: false,
    validator: (validators[0] as Actor).address,
    version: 'test',
  }

  constructor(chain: Chain) {
    this.chain = chain
  }

  status(): NodeStatus {
    return this.nodeStatus
  }

  onNewBlock(listener: (height: bigint) => void): () => void {
    this.listeners.add(listener)
    return () => this.listeners.delete(listener)
  }

  tokenSymbols(): readonly string[] {
    return getTokenSymbols(this.chain.state())
  }

  /** Produces the next block and tells the listeners, as the node does after a commit. */
  produceBlock(): ProducedBlock {
    const produced = this.chain.produceBlock()
    for (const listener of this.listeners) listener(produced.head.height)
    return produced
  }

  get listenerCount(): number {
    return this.listeners.size
  }
}

export interface Harness {
  backend: TestBackend
  rpc: RpcServer
  close(): Promise<void>
}

export interface HarnessOptions {
  /** Default: `rpcGenesis()`. */
  genesis?: Genesis
  limits?: Partial<RpcLimits>
  now?: () => number
  onInternalError?: (error: unknown) => void
}

export async function startRpc(options: HarnessOptions = {}): Promise<Harness> {
  const dir = mkdtempSync(join(tmpdir(), 'custos-rpc-'))
  const store = Store.open(join(dir, 'node.db'))
  const { genesis = rpcGenesis(), ...serverOptions } = options
  const chain = Chain.open({ store, genesis, validatorKeys: validators.map((v) => v.key) })
  const backend = new TestBackend(chain)
  const rpc = await createRpcServer({ backend, port: 0, ...serverOptions })
  return {
    backend,
    rpc,
    async close() {
      await rpc.close()
      store.close()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export interface RpcReply {
  status: number
  headers: Headers
  /** Parsed body (undefined when empty). */
  body: unknown
}

export async function post(
  url: string,
  body: string,
  headers: Record<string, string> = { 'content-type': 'application/json' },
): Promise<RpcReply> {
  const res = await fetch(url, { method: 'POST', headers, body })
  const text = await res.text()
  return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined }
}

export interface RpcResponse {
  jsonrpc: '2.0'
  id: string | number | null
  result?: unknown
  error?: { code: number; message: string; data?: Record<string, unknown> }
}

/** One JSON-RPC call over HTTP. */
export async function call(
  url: string,
  method: string,
  params?: Record<string, unknown>,
): Promise<RpcResponse> {
  const reply = await post(
    url,
    JSON.stringify({ jsonrpc: '2.0', id: 1, method, ...(params ? { params } : {}) }),
  )
  return reply.body as RpcResponse
}

/** The result of a call, failing the test on an error response. */
export async function result<T = Record<string, unknown>>(
  url: string,
  method: string,
  params?: Record<string, unknown>,
): Promise<T> {
  const response = await call(url, method, params)
  if (response.error) throw new Error(`${method} failed: ${JSON.stringify(response.error)}`)
  return response.result as T
}

export function nowSeconds(): bigint {
  return BigInt(Math.floor(Date.now() / 1000))
}

/** `params` plus `auth` signed by `who` for `method`. */
export function signed(
  who: Actor,
  method: string,
  params: Record<string, unknown>,
  issuedAt = nowSeconds(),
): Record<string, unknown> {
  const auth = signRpcRequest({ domain: testDomain, method, params, issuedAt, privateKey: who.key })
  return { ...params, auth }
}

export function txHex(tx: SignedTx): string {
  return toHex(encodeTx(tx))
}

/** Messages in arrival order, with a wait for the next one. */
class Inbox<T> {
  private readonly items: T[] = []
  private wake: (() => void) | undefined

  push(item: T): void {
    this.items.push(item)
    this.wake?.()
  }

  async next(timeoutMs: number): Promise<T | undefined> {
    if (this.items.length === 0)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs)
        this.wake = () => {
          clearTimeout(timer)
          resolve()
        }
      })
    this.wake = undefined
    return this.items.shift()
  }
}

/** A WebSocket JSON-RPC client: responses by id, other responses and notifications queued. */
export class WsClient {
  readonly ws: WebSocket
  private nextId = 1
  private readonly waiting = new Map<number, (response: RpcResponse) => void>()
  private readonly unmatched = new Inbox<RpcResponse>()
  private readonly notifications = new Inbox<Record<string, unknown>>()
  readonly closed: Promise<{ code: number; reason: string }>

  private constructor(ws: WebSocket) {
    this.ws = ws
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as Record<string, unknown>
      if (!('id' in message)) return this.notifications.push(message)
      const resolve =
        typeof message['id'] === 'number' ? this.waiting.get(message['id']) : undefined
      if (resolve) {
        this.waiting.delete(message['id'] as number)
        resolve(message as unknown as RpcResponse)
      } else this.unmatched.push(message as unknown as RpcResponse)
    })
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })),
    )
  }

  static async open(url: string): Promise<WsClient> {
    const ws = new WebSocket(url)
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve())
      ws.once('error', reject)
    })
    return new WsClient(ws)
  }

  request(method: string, params?: Record<string, unknown>): Promise<RpcResponse> {
    const id = this.nextId++
    return new Promise((resolve) => {
      this.waiting.set(id, resolve)
      this.ws.send(JSON.stringify({ jsonrpc: '2.0', id, method, params }))
    })
  }

  /** Sends text as is; resolves with the next response that matches no request id. */
  async sendRaw(text: string): Promise<RpcResponse | undefined> {
    this.ws.send(text)
    return this.unmatched.next(2_000)
  }

  /** The next notification (waits up to `timeoutMs`; undefined if none came). */
  notification(timeoutMs = 2_000): Promise<Record<string, unknown> | undefined> {
    return this.notifications.next(timeoutMs)
  }

  close(): void {
    this.ws.close()
  }
}
