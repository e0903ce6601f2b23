/**
 * JSON-RPC over WebSocket (path `/ws`): every HTTP method, plus subscriptions.
 *
 *   custos_subscribe { topic: 'newHeads' }                     → subscription id
 *   custos_subscribe { topic: 'address', address, auth }       → subscription id (private)
 *   custos_unsubscribe { subscription }                        → true | false
 * and notifications
 *   { jsonrpc: '2.0', method: 'custos_subscription', params: { subscription, result } }
 * one per new block (`newHeads`: the header) or per committed transaction touching the
 * address (`address`). An address subscription whose reader loses the right to read the
 * address gets one last notification with `error` (-32003) instead of `result`, and ends.
 */
import { randomBytes } from 'node:crypto'
import { WebSocket, type RawData } from 'ws'
import { z } from 'zod'
import { headerHash } from '../protocol/block'
import type { Address } from '../protocol/messages'
import { mayReadPrivate, requireReadAccess } from './access'
import { authenticate } from './authenticate'
import { blockTxs } from './blockTxs'
import {
  callCount,
  dispatchBody,
  errorResponse,
  isJsonObject,
  type DispatchOptions,
  type JsonRpcId,
} from './dispatch'
import { rateLimited, RpcError, RpcErrorCode, toErrorObject } from './errors'
import { headerJson, jsonText, toJson, type JsonValue } from './json'
import { publicMethod, type RpcContext, type RpcMethod } from './method'
import { address } from './params'
import type { RateLimiter } from './rateLimit'
import { touchedAddresses } from './touchedAddresses'

type Subscription = { topic: 'newHeads' } | { topic: 'address'; address: Address; reader: Address }

interface Connection {
  ws: WebSocket
  ip: string
  subscriptions: Map<string, Subscription>
  dispatch: DispatchOptions
}

/** A committed transaction, as `address` notifications carry it. */
interface Activity {
  touched: Set<Address>
  result: JsonValue
}

export interface WebSocketHubParameters {
  ctx: RpcContext
  limiter: RateLimiter | undefined
  onInternalError(error: unknown): void
}

const subscribeParams = z.discriminatedUnion(
  'topic',
  [
    z.strictObject({ topic: z.literal('newHeads') }),
    z.strictObject({ topic: z.literal('address'), address }),
  ],
  { error: "must be 'newHeads' or 'address'" },
)

const unsubscribeParams = z.strictObject({
  subscription: z.string({ error: 'must be a subscription id' }).max(100),
})

/** WebSocket connections and their subscriptions. */
export class WebSocketHub {
  private readonly connections = new Set<Connection>()
  private readonly ctx: RpcContext
  private readonly limiter: RateLimiter | undefined
  private readonly onInternalError: (error: unknown) => void

  constructor(params: WebSocketHubParameters) {
    this.ctx = params.ctx
    this.limiter = params.limiter
    this.onInternalError = params.onInternalError
  }

  get size(): number {
    return this.connections.size
  }

  /** Open connections from `ip`. */
  countFrom(ip: string): number {
    let count = 0
    for (const connection of this.connections) if (connection.ip === ip) count++
    return count
  }

  accept(ws: WebSocket, ip: string): void {
    const connection: Connection = {
      ws,
      ip,
      subscriptions: new Map(),
      dispatch: {
        ctx: this.ctx,
        transportMethods: this.subscriptionMethods(() => connection),
        onInternalError: this.onInternalError,
      },
    }
    this.connections.add(connection)
    ws.on('message', (data) => this.receive(connection, data))
    ws.on('close', () => this.connections.delete(connection))
    ws.on('error', () => ws.terminate())
  }

  private subscriptionMethods(connection: () => Connection): ReadonlyMap<string, RpcMethod> {
    const { ctx } = this
    const subscribe = publicMethod({
      name: 'custos_subscribe',
      params: subscribeParams,
      handle: (params, call) => {
        const { subscriptions } = connection()
        const max = ctx.limits.maxSubscriptionsPerConnection
        if (subscriptions.size >= max)
          throw new RpcError(
            RpcErrorCode.subscriptionLimit,
            `subscription limit: this connection holds ${max} subscriptions, the most it may; ` +
              'unsubscribe from one first',
            { limit: max },
          )
        let subscription: Subscription = { topic: 'newHeads' }
        if (params.topic === 'address') {
          // private: who the address deals with, and when
          const reader = authenticate(call)
          requireReadAccess(ctx.backend.chain.state(), reader, [params.address], 'its activity')
          subscription = { topic: 'address', address: params.address, reader }
        }
        const id = `0x${randomBytes(16).toString('hex')}`
        subscriptions.set(id, subscription)
        return id
      },
    })
    const unsubscribe = publicMethod({
      name: 'custos_unsubscribe',
      params: unsubscribeParams,
      handle: ({ subscription }) => connection().subscriptions.delete(subscription),
    })
    return new Map([subscribe, unsubscribe].map((m) => [m.name, m]))
  }

  private receive(connection: Connection, data: RawData): void {
    let body: unknown
    try {
      body = JSON.parse(rawText(data))
    } catch (error) {
      this.send(
        connection,
        errorResponse(
          null,
          new RpcError(
            RpcErrorCode.parseError,
            `parse error: the message is not valid JSON (${(error as Error).message})`,
          ),
        ),
      )
      return
    }
    if (this.limiter) {
      const cost =
        Array.isArray(body) && body.length > this.ctx.limits.maxBatch ? 1 : callCount(body)
      const taken = this.limiter.take(connection.ip, cost)
      if (!taken.ok) {
        const id = isJsonObject(body) && isReplyId(body['id']) ? body['id'] : null
        this.send(connection, errorResponse(id, rateLimited(taken.retryAfterMs)))
        return
      }
    }
    try {
      const response = dispatchBody(body, connection.dispatch)
      if (response) this.send(connection, response)
    } catch (error) {
      // dispatch catches every call's errors; this is the last guard against a crash
      this.send(connection, {
        jsonrpc: '2.0',
        id: null,
        error: toErrorObject(error, this.onInternalError),
      })
    }
  }

  private send(connection: Connection, message: unknown): void {
    const { ws } = connection
    if (ws.readyState !== WebSocket.OPEN) return
    if (ws.bufferedAmount > this.ctx.limits.maxWsBufferedBytes) {
      // a client that does not read its notifications is cut off rather than buffered forever
      ws.terminate()
      return
    }
    ws.send(jsonText(message))
  }

  private notify(connection: Connection, subscription: string, payload: object): void {
    this.send(connection, {
      jsonrpc: '2.0',
      method: 'custos_subscription',
      params: { subscription, ...payload },
    })
  }

  /** Sends the notifications of a newly committed block. */
  publishBlock(height: bigint): void {
    let hasHeads = false
    let hasAddresses = false
    for (const { subscriptions } of this.connections)
      for (const sub of subscriptions.values()) {
        if (sub.topic === 'newHeads') hasHeads = true
        else hasAddresses = true
      }
    if (!hasHeads && !hasAddresses) return
    const { chain } = this.ctx.backend
    const header = chain.store.header(height)
    if (!header) return
    const head = hasHeads ? headerJson(header) : undefined
    const view = chain.state()
    const activity = hasAddresses ? this.activityOf(height) : []
    for (const connection of this.connections) {
      for (const [id, sub] of connection.subscriptions) {
        if (sub.topic === 'newHeads') {
          if (head) this.notify(connection, id, { result: head })
          continue
        }
        const mine = activity.filter((a) => a.touched.has(sub.address))
        if (mine.length === 0) continue
        if (!mayReadPrivate(view, sub.reader, sub.address)) {
          connection.subscriptions.delete(id)
          this.notify(connection, id, {
            error: {
              code: RpcErrorCode.notAuthorized,
              message: `not authorized: ${sub.reader} may no longer read the activity of ${sub.address}; the subscription has ended`,
            },
          })
          continue
        }
        for (const a of mine) this.notify(connection, id, { result: a.result })
      }
    }
  }

  private activityOf(height: bigint): Activity[] {
    const { chain } = this.ctx.backend
    const block = chain.store.block(height)
    if (!block) return []
    const view = chain.state()
    const blockHash = headerHash(block.header)
    return blockTxs(chain.domain, block.txs).map((entry, index) => ({
      touched: touchedAddresses(entry.tx, view),
      result: {
        id: entry.id,
        height: height.toString(),
        index,
        blockHash,
        kind: entry.tx.kind,
        signer: entry.tx.message.from,
        message: toJson(entry.tx.message),
      },
    }))
  }

  /** Closes every connection (1001 "going away"), forcibly after `graceMs`. */
  async closeAll(graceMs = 1_000): Promise<void> {
    await Promise.all(
      [...this.connections].map(
        ({ ws }) =>
          new Promise<void>((resolve) => {
            if (ws.readyState === WebSocket.CLOSED) return resolve()
            const timer = setTimeout(() => ws.terminate(), graceMs)
            ws.once('close', () => {
              clearTimeout(timer)
              resolve()
            })
            ws.close(1001, 'server closing')
          }),
      ),
    )
    this.connections.clear()
  }
}

function isReplyId(value: unknown): value is JsonRpcId {
  return value === null || typeof value === 'string' || typeof value === 'number'
}

function rawText(data: RawData): string {
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8')
  if (Buffer.isBuffer(data)) return data.toString('utf8')
  return Buffer.from(data).toString('utf8')
}
