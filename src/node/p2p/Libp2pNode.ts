import type { Connection, Libp2p, PeerId } from '@libp2p/interface'
import type { PeerAllowlist } from './allowlist'
import { BlockSync, type RequestBlocksOptions, type ServeBlocksHandler } from './blockSync'
import { assertChannel, ChannelMessaging, type MessageHandler } from './channelMessaging'
import { P2PError } from './errors'
import { describeError, silentLogger, type P2PLogger } from './logger'
import { parsePeerId } from './nodeKey'
import type { P2PNode } from './P2PNode'
import type { BlockSyncLimits, Channel } from './protocols'
import { Redialer, type DialTarget, type RedialOptions } from './redialer'

export interface Libp2pNodeParameters {
  libp2p: Libp2p
  allowlist: PeerAllowlist
  /** Configured peers other than this node. */
  targets: DialTarget[]
  logger: P2PLogger | undefined
  maxFrameBytes: Record<Channel, number>
  blockSync: BlockSyncLimits
  redial: RedialOptions
  maxQueuedBytes: number
}

type PeerListener = (peerId: string) => void

/** `P2PNode` on libp2p; built by `createP2PNode`. */
export class Libp2pNode implements P2PNode {
  readonly peerId: string
  private readonly libp2p: Libp2p
  private readonly allowlist: PeerAllowlist
  private readonly targets: ReadonlyMap<string, DialTarget>
  private readonly logger: P2PLogger
  private readonly redialer: Redialer
  private readonly messaging: ChannelMessaging
  private readonly blockSync: BlockSync
  /**
   * Peers with a confirmed session: connected, and our channel streams to them negotiated. A
   * bare libp2p connection is not enough (see `ChannelMessaging.openChannels`).
   */
  private readonly sessions = new Set<string>()
  private readonly connectedListeners = new Set<PeerListener>()
  private readonly disconnectedListeners = new Set<PeerListener>()
  /** Aborted on stop, so that pending dials, stream opens and requests end at once. */
  private running: AbortController | null = null
  private registered = false

  constructor(parameters: Libp2pNodeParameters) {
    const { libp2p, allowlist, targets } = parameters
    this.libp2p = libp2p
    this.allowlist = allowlist
    this.peerId = libp2p.peerId.toString()
    this.targets = new Map(targets.map((target) => [target.peerId.toString(), target]))
    this.logger = parameters.logger ?? silentLogger
    this.redialer = new Redialer(libp2p, targets, parameters.redial, this.logger)
    const stopping = (): AbortSignal => this.running?.signal ?? AbortSignal.abort()
    this.messaging = new ChannelMessaging(
      libp2p,
      allowlist,
      {
        maxFrameBytes: parameters.maxFrameBytes,
        maxQueuedBytes: parameters.maxQueuedBytes,
        openTimeoutMs: parameters.redial.dialTimeoutMs,
      },
      this.logger,
      stopping,
    )
    this.blockSync = new BlockSync(libp2p, allowlist, parameters.blockSync, this.logger, stopping)

    libp2p.addEventListener('peer:connect', (event) => this.peerConnected(event.detail))
    libp2p.addEventListener('peer:disconnect', (event) => this.peerDisconnected(event.detail))
  }

  async start(): Promise<void> {
    if (this.running !== null) return
    this.running = new AbortController()
    if (!this.registered) {
      await this.messaging.register()
      await this.blockSync.register()
      this.registered = true
    }
    try {
      await this.libp2p.start()
    } catch (cause) {
      this.running = null
      try {
        await this.libp2p.stop()
      } catch {
        // Already failing; the start error is the one to report.
      }
      throw new P2PError('START_FAILED', 'The p2p node could not start listening', {
        details: { peerId: this.peerId },
        cause,
      })
    }
    this.redialer.start()
    this.logger.info(
      { peerId: this.peerId, addresses: this.listenAddresses(), peers: this.targets.size },
      'p2p: started',
    )
  }

  async stop(): Promise<void> {
    const running = this.running
    if (running === null) return
    this.running = null
    running.abort(new P2PError('NOT_STARTED', 'The p2p node is stopping'))
    this.redialer.stop()
    this.messaging.reset()
    await this.libp2p.stop()
    this.sessions.clear()
    this.logger.info({ peerId: this.peerId }, 'p2p: stopped')
  }

  listenAddresses(): string[] {
    return this.libp2p.getMultiaddrs().map((address) => address.toString())
  }

  peers(): string[] {
    return [...this.sessions]
  }

  async broadcast(channel: Channel, data: Uint8Array): Promise<string[]> {
    this.assertStarted()
    const frame = this.messaging.frame(channel, data)
    // Every connected peer, sessions being confirmed included: their streams are opening, and
    // the frame is queued behind that.
    const peers = this.libp2p.getPeers().filter((peer) => this.allowlist.has(peer))
    const results = await Promise.allSettled(
      peers.map((peer) => this.messaging.sendFrame(peer, channel, frame)),
    )
    const sent: string[] = []
    results.forEach((result, index) => {
      const peer = String(peers[index])
      if (result.status === 'fulfilled') sent.push(peer)
      else {
        this.logger.debug(
          { peer, channel, error: describeError(result.reason) },
          'p2p: broadcast to peer failed',
        )
      }
    })
    return sent
  }

  async send(peerId: string, channel: Channel, data: Uint8Array): Promise<void> {
    this.assertStarted()
    const peer = this.allowedPeer(peerId)
    await this.messaging.sendFrame(peer, channel, this.messaging.frame(channel, data))
  }

  onMessage(channel: Channel, handler: MessageHandler): () => void {
    assertChannel(channel)
    return this.messaging.onMessage(channel, handler)
  }

  serveBlocks(handler: ServeBlocksHandler): void {
    this.blockSync.serveBlocks(handler)
  }

  async requestBlocks(
    peerId: string,
    fromHeight: bigint,
    toHeight: bigint,
    options?: RequestBlocksOptions,
  ): Promise<Uint8Array[]> {
    this.assertStarted()
    const peer = this.allowedPeer(peerId)
    const connection = await this.connectionTo(peer)
    return this.blockSync.request(connection, fromHeight, toHeight, options)
  }

  onPeerConnected(handler: PeerListener): () => void {
    this.connectedListeners.add(handler)
    return () => this.connectedListeners.delete(handler)
  }

  onPeerDisconnected(handler: PeerListener): () => void {
    this.disconnectedListeners.add(handler)
    return () => this.disconnectedListeners.delete(handler)
  }

  private assertStarted(): void {
    if (this.running === null) throw new P2PError('NOT_STARTED', 'The p2p node is not started')
  }

  private allowedPeer(peerId: string): PeerId {
    const peer = parsePeerId(peerId)
    if (!this.allowlist.has(peer)) {
      throw new P2PError('PEER_NOT_ALLOWED', 'The peer is not in the allowlist', {
        details: { peer: peerId },
      })
    }
    return peer
  }

  /** An open connection to the peer, dialing its configured address when there is none. */
  private async connectionTo(peer: PeerId): Promise<Connection> {
    const open = this.libp2p.getConnections(peer).find((c) => c.status === 'open')
    if (open !== undefined) return open
    const target = this.targets.get(peer.toString())
    if (target === undefined || this.running === null) {
      throw new P2PError('PEER_NOT_CONNECTED', 'The peer is not connected and has no address', {
        details: { peer: peer.toString() },
      })
    }
    try {
      return await this.libp2p.dial(target.address, { signal: this.running.signal })
    } catch (cause) {
      throw new P2PError('PEER_NOT_CONNECTED', 'Could not connect to the peer', {
        details: { peer: peer.toString(), address: target.address.toString() },
        cause,
      })
    }
  }

  private peerConnected(peer: PeerId): void {
    const id = peer.toString()
    if (!this.allowlist.has(id) || this.sessions.has(id)) return
    void this.confirmSession(peer)
  }

  private async confirmSession(peer: PeerId): Promise<void> {
    const id = peer.toString()
    try {
      await this.messaging.openChannels(peer)
    } catch (error) {
      if (this.running === null) return
      this.logger.info(
        { peer: id, error: describeError(error) },
        'p2p: peer did not accept a session; disconnecting',
      )
      await this.libp2p.hangUp(peer).catch(() => undefined)
      return
    }
    const connected = this.libp2p.getConnections(peer).some((c) => c.status === 'open')
    if (this.running === null || !connected || this.sessions.has(id)) return
    this.sessions.add(id)
    this.redialer.confirmed(id)
    this.logger.info({ peer: id }, 'p2p: peer connected')
    this.notify(this.connectedListeners, id)
  }

  private peerDisconnected(peer: PeerId): void {
    const id = peer.toString()
    if (!this.allowlist.has(id)) return
    if (this.running !== null) this.redialer.disconnected(id)
    if (!this.sessions.delete(id)) return
    this.logger.info({ peer: id }, 'p2p: peer disconnected')
    this.notify(this.disconnectedListeners, id)
  }

  private notify(listeners: ReadonlySet<PeerListener>, peerId: string): void {
    for (const listener of listeners) {
      try {
        listener(peerId)
      } catch (error) {
        this.logger.warn({ peer: peerId, error: describeError(error) }, 'p2p: peer listener failed')
      }
    }
  }
}
