/**
 * Block sync: one request/response stream per request (see `protocols.ts` for the wire format).
 *
 * Items are opaque bytes (the node puts an encoded block and its commit in each). A response
 * holds at most `maxBlocksPerRequest` items and `maxResponseBytes` bytes; a server that hits
 * either limit sends the prefix that fits, so a requester continues from the next height.
 */
import type { Connection, Libp2p, Stream } from '@libp2p/interface'
import type { PeerAllowlist } from './allowlist'
import { P2PError } from './errors'
import { encodeFrame } from './frames'
import { describeError, type P2PLogger } from './logger'
import {
  BLOCK_REQUEST_BYTES,
  BLOCKS_PROTOCOL,
  BlockResponseStatus,
  decodeBlockRequest,
  encodeBlockRequest,
  MAX_HEIGHT,
  type BlockSyncLimits,
} from './protocols'
import { readFrames, writeBytes } from './streamIO'

/** Returns the items for heights `fromHeight..toHeight` (inclusive), in height order. */
export type ServeBlocksHandler = (
  fromHeight: bigint,
  toHeight: bigint,
) => Promise<Uint8Array[]> | Uint8Array[]

export interface RequestBlocksOptions {
  /** Overrides the node's `requestTimeoutMs` for this request. */
  timeoutMs?: number
}

/** Concurrent block requests one connection may have open at this server. */
const MAX_INBOUND_REQUESTS = 8

export class BlockSync {
  private handler: ServeBlocksHandler | null = null

  constructor(
    private readonly libp2p: Libp2p,
    private readonly allowlist: PeerAllowlist,
    private readonly limits: BlockSyncLimits,
    private readonly logger: P2PLogger,
    private readonly stopping: () => AbortSignal,
  ) {}

  async register(): Promise<void> {
    await this.libp2p.handle(
      BLOCKS_PROTOCOL,
      (stream, connection) => {
        void this.serve(stream, connection)
      },
      { maxInboundStreams: MAX_INBOUND_REQUESTS },
    )
  }

  serveBlocks(handler: ServeBlocksHandler): void {
    this.handler = handler
  }

  /**
   * Asks the peer on `connection` for heights `fromHeight..toHeight`, cut to
   * `maxBlocksPerRequest` heights.
   *
   * @throws P2PError `INVALID_REQUEST`, `REQUEST_TIMEOUT`, `REQUEST_REFUSED`, `BAD_RESPONSE` or
   *   `STREAM_FAILED`.
   */
  async request(
    connection: Connection,
    fromHeight: bigint,
    toHeight: bigint,
    options: RequestBlocksOptions = {},
  ): Promise<Uint8Array[]> {
    if (fromHeight < 0n || toHeight < fromHeight || toHeight > MAX_HEIGHT) {
      throw new P2PError('INVALID_REQUEST', 'Block range must satisfy 0 <= from <= to < 2^64', {
        details: { fromHeight: String(fromHeight), toHeight: String(toHeight) },
      })
    }
    const cap = BigInt(this.limits.maxBlocksPerRequest)
    const lastHeight = toHeight - fromHeight >= cap ? fromHeight + cap - 1n : toHeight
    const expected = Number(lastHeight - fromHeight + 1n)
    const peer = connection.remotePeer.toString()
    const timeoutMs = options.timeoutMs ?? this.limits.requestTimeoutMs
    const timeout = AbortSignal.timeout(timeoutMs)
    const signal = AbortSignal.any([timeout, this.stopping()])

    const items: Uint8Array[] = []
    const received: { status: number | undefined; bytes: number } = { status: undefined, bytes: 0 }
    const onFrame = (frame: Uint8Array): void => {
      if (received.status === undefined) {
        if (frame.length !== 1) throw badResponse('the status frame is not one byte', peer)
        received.status = frame[0]
        return
      }
      if (received.status !== BlockResponseStatus.OK) {
        throw badResponse('items after a refusal', peer)
      }
      if (items.length >= expected) throw badResponse(`more than ${expected} items`, peer)
      received.bytes += frame.length
      if (received.bytes > this.limits.maxResponseBytes) throw badResponse('too many bytes', peer)
      items.push(frame)
    }

    let stream: Stream | undefined
    try {
      stream = await connection.newStream(BLOCKS_PROTOCOL, { signal })
      const response = readFrames(stream, this.limits.maxItemBytes, onFrame, signal)
      response.catch(() => undefined) // awaited below; this only marks it handled meanwhile
      const request = encodeBlockRequest(fromHeight, lastHeight)
      await writeBytes(stream, encodeFrame(request, BLOCK_REQUEST_BYTES), signal)
      await stream.close({ signal })
      await response
    } catch (error) {
      stream?.abort(error instanceof Error ? error : new Error(String(error)))
      throw requestError(error, { timeout, timeoutMs, peer, stopping: this.stopping() })
    }
    const { status } = received
    if (status === undefined) throw badResponse('the response is empty', peer)
    if (status !== BlockResponseStatus.OK) {
      throw new P2PError('REQUEST_REFUSED', 'The peer refused the block request', {
        details: { peer, status },
      })
    }
    return items
  }

  private async serve(stream: Stream, connection: Connection): Promise<void> {
    const peer = connection.remotePeer.toString()
    if (!this.allowlist.has(peer)) {
      stream.abort(new Error('peer not allowed'))
      return
    }
    try {
      const frames: Uint8Array[] = []
      const readDeadline = AbortSignal.any([
        this.stopping(),
        AbortSignal.timeout(this.limits.requestTimeoutMs),
      ])
      await readFrames(stream, BLOCK_REQUEST_BYTES, (frame) => frames.push(frame), readDeadline)
      const request = frames.length === 1 && frames[0] ? decodeBlockRequest(frames[0]) : null
      const items = await this.answer(request, peer)
      const writeDeadline = AbortSignal.any([
        this.stopping(),
        AbortSignal.timeout(this.limits.requestTimeoutMs),
      ])
      const status = items === null ? this.refusal(request) : BlockResponseStatus.OK
      await writeBytes(stream, encodeFrame(Uint8Array.of(status), 1), writeDeadline)
      for (const item of items ?? []) {
        await writeBytes(stream, encodeFrame(item, this.limits.maxItemBytes), writeDeadline)
      }
      await stream.close({ signal: writeDeadline })
    } catch (error) {
      stream.abort(error instanceof Error ? error : new Error(String(error)))
      this.logger.debug({ peer, error: describeError(error) }, 'p2p: block request failed')
    }
  }

  private refusal(request: { fromHeight: bigint; toHeight: bigint } | null): BlockResponseStatus {
    if (request === null || request.fromHeight > request.toHeight) {
      return BlockResponseStatus.BAD_REQUEST
    }
    return this.handler === null
      ? BlockResponseStatus.UNAVAILABLE
      : BlockResponseStatus.SERVER_ERROR
  }

  /** The items to send, already cut to the limits, or null to refuse. */
  private async answer(
    request: { fromHeight: bigint; toHeight: bigint } | null,
    peer: string,
  ): Promise<Uint8Array[] | null> {
    if (request === null || request.fromHeight > request.toHeight || this.handler === null) {
      return null
    }
    const cap = BigInt(this.limits.maxBlocksPerRequest)
    const { fromHeight } = request
    const toHeight = request.toHeight - fromHeight >= cap ? fromHeight + cap - 1n : request.toHeight
    let all: Uint8Array[]
    try {
      all = await this.handler(fromHeight, toHeight)
    } catch (error) {
      this.logger.warn(
        { peer, fromHeight: String(fromHeight), error: describeError(error) },
        'p2p: serveBlocks handler failed',
      )
      return null
    }
    const items: Uint8Array[] = []
    let bytes = 0
    for (const item of all.slice(0, Number(toHeight - fromHeight + 1n))) {
      if (item.length > this.limits.maxItemBytes) {
        this.logger.warn(
          { peer, length: item.length, maxItemBytes: this.limits.maxItemBytes },
          'p2p: block too large to serve; response cut short',
        )
        break
      }
      if (bytes + item.length > this.limits.maxResponseBytes) break
      bytes += item.length
      items.push(item)
    }
    // An empty answer means "nothing from fromHeight on"; one the limits emptied is a refusal,
    // or the requester would ask again for ever.
    return items.length === 0 && all.length > 0 ? null : items
  }
}

function badResponse(reason: string, peer: string): P2PError {
  return new P2PError('BAD_RESPONSE', `Invalid block response: ${reason}`, { details: { peer } })
}

function requestError(
  error: unknown,
  context: { timeout: AbortSignal; timeoutMs: number; peer: string; stopping: AbortSignal },
): P2PError {
  const { timeout, timeoutMs, peer, stopping } = context
  if (timeout.aborted) {
    return new P2PError('REQUEST_TIMEOUT', `The peer did not answer within ${timeoutMs} ms`, {
      details: { peer, timeoutMs },
      cause: error,
    })
  }
  if (error instanceof P2PError) {
    if (error.code !== 'FRAME_TOO_LARGE') return error
    return new P2PError('BAD_RESPONSE', 'Invalid block response: an item is too large', {
      details: { peer, ...error.details },
      cause: error,
    })
  }
  if (error instanceof Error && error.name === 'UnsupportedProtocolError') {
    return new P2PError('REQUEST_REFUSED', 'The peer does not serve blocks', {
      details: { peer },
      cause: error,
    })
  }
  const reason = stopping.aborted ? 'The node is stopping' : 'The block request failed'
  return new P2PError('STREAM_FAILED', reason, { details: { peer }, cause: error })
}
