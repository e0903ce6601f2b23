/**
 * Broadcast channels over direct streams (no gossip): the validator set is small and fully
 * meshed, so each message goes straight to each peer.
 *
 * Each (peer, channel) pair has one long-lived outbound stream, opened on first use and reopened
 * after it fails; messages are length-prefixed frames on it, so they arrive in the order sent.
 * Delivery is best effort: a message queued on a stream that then breaks is lost, and the
 * consensus layer must tolerate that (it re-sends its state on its own timers).
 */
import type { Connection, Libp2p, PeerId, Stream } from '@libp2p/interface'
import type { PeerAllowlist } from './allowlist'
import { P2PError } from './errors'
import { encodeFrame } from './frames'
import { describeError, type P2PLogger } from './logger'
import { CHANNEL_PROTOCOLS, CHANNELS, type Channel } from './protocols'
import { readFrames } from './streamIO'

/** Receives one message; `from` is the sender's peer id. Errors it throws are logged. */
export type MessageHandler = (data: Uint8Array, from: string) => void | Promise<void>

export interface ChannelMessagingOptions {
  maxFrameBytes: Readonly<Record<Channel, number>>
  /** Bytes that may wait unsent on one peer's stream before further messages are dropped. */
  maxQueuedBytes: number
  /** How long opening a stream (protocol negotiation) may take, in ms. */
  openTimeoutMs: number
}

/** Inbound streams one connection may hold per channel (one is normal; more after reconnects). */
const MAX_INBOUND_STREAMS_PER_CHANNEL = 8

export function assertChannel(channel: string): asserts channel is Channel {
  if (!(CHANNELS as readonly string[]).includes(channel)) {
    throw new P2PError('INVALID_OPTIONS', `Unknown channel '${channel}'`, { details: { channel } })
  }
}

function streamKey(peer: PeerId, channel: Channel): string {
  return `${peer.toString()}/${channel}`
}

function openConnection(libp2p: Libp2p, peer: PeerId): Connection | undefined {
  return libp2p.getConnections(peer).find((connection) => connection.status === 'open')
}

export class ChannelMessaging {
  private readonly handlers: Record<Channel, Set<MessageHandler>> = {
    consensus: new Set(),
    txs: new Set(),
  }
  private readonly outbound = new Map<string, Promise<Stream>>()

  constructor(
    private readonly libp2p: Libp2p,
    private readonly allowlist: PeerAllowlist,
    private readonly options: ChannelMessagingOptions,
    private readonly logger: P2PLogger,
    private readonly stopping: () => AbortSignal,
  ) {}

  async register(): Promise<void> {
    for (const channel of CHANNELS) {
      await this.libp2p.handle(
        CHANNEL_PROTOCOLS[channel],
        (stream, connection) => this.accept(channel, stream, connection),
        { maxInboundStreams: MAX_INBOUND_STREAMS_PER_CHANNEL },
      )
    }
  }

  onMessage(channel: Channel, handler: MessageHandler): () => void {
    assertChannel(channel)
    this.handlers[channel].add(handler)
    return () => this.handlers[channel].delete(handler)
  }

  /** Frames `data` for `channel`. @throws P2PError `FRAME_TOO_LARGE` */
  frame(channel: Channel, data: Uint8Array): Uint8Array {
    assertChannel(channel)
    return encodeFrame(data, this.options.maxFrameBytes[channel])
  }

  /**
   * Queues a framed message on the peer's stream for `channel`, opening the stream if needed.
   * Resolves once the frame is queued, not once the peer has it.
   *
   * @throws P2PError `PEER_NOT_CONNECTED`, `PEER_BACKLOGGED` or `STREAM_FAILED`.
   */
  async sendFrame(peer: PeerId, channel: Channel, frame: Uint8Array): Promise<void> {
    // A cached stream can turn out dead only when written to; then one fresh stream is tried.
    for (let attempt = 0; ; attempt++) {
      const key = streamKey(peer, channel)
      const opening = this.outboundStream(key, peer, channel)
      const stream = await opening
      if (stream.status === 'open' && stream.writeStatus === 'writable') {
        if (stream.writeBufferLength + frame.length > this.options.maxQueuedBytes) {
          throw new P2PError('PEER_BACKLOGGED', 'The peer is not reading; message dropped', {
            details: { peer: peer.toString(), channel, queued: stream.writeBufferLength },
          })
        }
        try {
          stream.send(frame)
          return
        } catch (error) {
          if (attempt > 0) {
            throw new P2PError('STREAM_FAILED', 'Could not write to the peer', {
              details: { peer: peer.toString(), channel },
              cause: error,
            })
          }
        }
      } else if (attempt > 0) {
        throw new P2PError('STREAM_FAILED', 'The stream to the peer closed', {
          details: { peer: peer.toString(), channel, status: stream.status },
        })
      }
      if (this.outbound.get(key) === opening) this.outbound.delete(key)
    }
  }

  /**
   * Opens the outbound stream of every channel to the peer. It resolves only if the peer answers
   * protocol negotiation, that is, only if it accepted the connection: a peer that refuses us
   * completes Noise (which already settles the stream muxer) before it closes the socket.
   */
  async openChannels(peer: PeerId): Promise<void> {
    await Promise.all(
      CHANNELS.map((channel) => this.outboundStream(streamKey(peer, channel), peer, channel)),
    )
  }

  /** Forgets every outbound stream (the node is stopping; libp2p closes the streams). */
  reset(): void {
    this.outbound.clear()
  }

  private outboundStream(key: string, peer: PeerId, channel: Channel): Promise<Stream> {
    const cached = this.outbound.get(key)
    if (cached !== undefined) return cached
    const opening = this.openStream(peer, channel)
    this.outbound.set(key, opening)
    const forget = (): void => {
      if (this.outbound.get(key) === opening) this.outbound.delete(key)
    }
    opening.then((stream) => stream.addEventListener('close', forget, { once: true }), forget)
    return opening
  }

  private async openStream(peer: PeerId, channel: Channel): Promise<Stream> {
    const connection = openConnection(this.libp2p, peer)
    if (connection === undefined) {
      throw new P2PError('PEER_NOT_CONNECTED', 'The peer is not connected', {
        details: { peer: peer.toString(), channel },
      })
    }
    try {
      const signal = AbortSignal.any([
        this.stopping(),
        AbortSignal.timeout(this.options.openTimeoutMs),
      ])
      return await connection.newStream(CHANNEL_PROTOCOLS[channel], { signal })
    } catch (error) {
      throw new P2PError('STREAM_FAILED', 'Could not open a stream to the peer', {
        details: { peer: peer.toString(), channel },
        cause: error,
      })
    }
  }

  private accept(channel: Channel, stream: Stream, connection: Connection): void {
    const from = connection.remotePeer.toString()
    // The gater already refused unknown peers; this guards against a gater misconfiguration.
    if (!this.allowlist.has(from)) {
      stream.abort(new Error('peer not allowed'))
      return
    }
    readFrames(stream, this.options.maxFrameBytes[channel], (frame) =>
      this.dispatch(channel, frame, from),
    )
      // The sender closed its end: close ours so both halves are released.
      .then(() => stream.close())
      .catch((error: unknown) => {
        if (error instanceof P2PError && error.code === 'FRAME_TOO_LARGE') {
          this.logger.warn(
            { peer: from, channel, ...error.details },
            'p2p: refused an oversized frame; stream reset',
          )
        } else {
          this.logger.debug(
            { peer: from, channel, error: describeError(error) },
            'p2p: inbound stream ended',
          )
        }
      })
  }

  private dispatch(channel: Channel, data: Uint8Array, from: string): void {
    for (const handler of this.handlers[channel]) {
      const report = (error: unknown): void =>
        this.logger.warn(
          { peer: from, channel, error: describeError(error) },
          'p2p: message handler failed',
        )
      try {
        const result = handler(data, from)
        if (result instanceof Promise) result.catch(report)
      } catch (error) {
        report(error)
      }
    }
  }
}
