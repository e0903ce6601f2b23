/**
 * The validator transport: TCP + Noise + Yamux between a fixed set of peers known by node key,
 * with broadcast channels and block sync on direct streams. No DHT, mDNS, relay, identify or
 * gossip: every peer is configured, and every other peer is refused.
 */
import './promiseWithResolvers'
import { noise } from '@chainsafe/libp2p-noise'
import { yamux } from '@chainsafe/libp2p-yamux'
import type { Libp2p } from '@libp2p/interface'
import { peerIdFromPrivateKey } from '@libp2p/peer-id'
import { tcp } from '@libp2p/tcp'
import { multiaddr, type Multiaddr } from '@multiformats/multiaddr'
import { createLibp2p } from 'libp2p'
import { PeerAllowlist } from './allowlist'
import { P2PError } from './errors'
import { FRAME_HEADER_BYTES, MAX_FRAME_LENGTH } from './frames'
import type { P2PLogger } from './logger'
import { privateKeyFromNodeKey } from './nodeKey'
import type { P2PNode } from './P2PNode'
import { peerAddress } from './peerAddress'
import { Libp2pNode } from './Libp2pNode'
import {
  DEFAULT_BLOCK_SYNC_LIMITS,
  DEFAULT_MAX_FRAME_BYTES,
  type BlockSyncLimits,
  type Channel,
} from './protocols'
import { DEFAULT_REDIAL_OPTIONS, type RedialOptions } from './redialer'

/** A peer to dial and keep connected: a validator or a sentry. */
export interface P2PPeer {
  /** Its peer id (see `peerIdFromNodeKey`). */
  peerId: string
  /** Its multiaddr, e.g. `/ip4/10.0.0.2/tcp/26656`, with or without a trailing `/p2p/<peerId>`. */
  address: string
}

export interface CreateP2PNodeOptions {
  /** This node's 32-byte secp256k1 private key; the peer id derives from it. */
  nodeKey: Uint8Array
  /** Where to listen. Defaults to 127.0.0.1 and a free port. */
  listen?: { host?: string; port?: number }
  /** Peers to dial and keep connected. An entry for this node itself is ignored. */
  peers?: P2PPeer[]
  /** Peer ids allowed to connect. Defaults to the ids in `peers`; must include all of them. */
  allowlist?: string[]
  logger?: P2PLogger
  /** Largest message per channel, in bytes. Defaults: consensus 4 MiB, txs 64 KiB. */
  maxFrameBytes?: Partial<Record<Channel, number>>
  /** Block-sync limits (count and byte caps, timeout). */
  blockSync?: Partial<BlockSyncLimits>
  /** Reconnect backoff for configured peers. */
  redial?: Partial<RedialOptions>
  /** Bytes that may wait unsent to one peer on one channel before messages are dropped. */
  maxQueuedBytesPerPeer?: number
}

const DEFAULT_MAX_QUEUED_BYTES = 16 * 1024 * 1024

/**
 * Creates (without starting) a node of the validator network.
 *
 * @example
 * ```ts
 * const node = await createP2PNode({
 *   nodeKey,
 *   listen: { host: '127.0.0.1', port: 26656 },
 *   peers: [{ peerId: '16Uiu2HAm…', address: '/ip4/127.0.0.1/tcp/26657' }],
 * })
 * node.onMessage('consensus', (bytes, from) => engine.receive(decodeMessage(bytes), from))
 * node.serveBlocks((from, to) => store.blocksWithCommits(from, to))
 * await node.start()
 * await node.broadcast('consensus', encodeMessage(vote))
 * ```
 * @throws P2PError `INVALID_NODE_KEY`, `INVALID_PEER_ID` or `INVALID_OPTIONS`.
 */
export async function createP2PNode(options: CreateP2PNodeOptions): Promise<P2PNode> {
  const privateKey = privateKeyFromNodeKey(options.nodeKey)
  const self = peerIdFromPrivateKey(privateKey).toString()
  const listenAddress = listenMultiaddr(options.listen?.host ?? '127.0.0.1', options.listen?.port)
  // Config files list every validator; the entry for this node is not a peer.
  const targets = (options.peers ?? [])
    .map(peerAddress)
    .filter((target) => target.peerId.toString() !== self)
  const allowlist = new PeerAllowlist(
    options.allowlist ?? targets.map((target) => target.peerId.toString()),
  )
  for (const target of targets) {
    if (!allowlist.has(target.peerId)) {
      throw new P2PError('INVALID_OPTIONS', 'A configured peer is missing from the allowlist', {
        details: { peer: target.peerId.toString() },
      })
    }
  }
  const maxFrameBytes = { ...DEFAULT_MAX_FRAME_BYTES, ...options.maxFrameBytes }
  const maxQueuedBytes = options.maxQueuedBytesPerPeer ?? DEFAULT_MAX_QUEUED_BYTES
  for (const [channel, limit] of Object.entries(maxFrameBytes)) {
    if (!Number.isSafeInteger(limit) || limit < 1 || limit > MAX_FRAME_LENGTH) {
      throw new P2PError('INVALID_OPTIONS', `Invalid frame limit for '${channel}'`, {
        details: { channel, limit },
      })
    }
    if (limit + FRAME_HEADER_BYTES > maxQueuedBytes) {
      throw new P2PError('INVALID_OPTIONS', 'maxQueuedBytesPerPeer is below a frame limit', {
        details: { channel, limit, maxQueuedBytes },
      })
    }
  }
  const blockSync = { ...DEFAULT_BLOCK_SYNC_LIMITS, ...options.blockSync }
  const redial = { ...DEFAULT_REDIAL_OPTIONS, ...options.redial }

  const libp2p: Libp2p = await createLibp2p({
    start: false,
    privateKey,
    addresses: { listen: [listenAddress.toString()] },
    transports: [tcp()],
    connectionEncrypters: [noise()],
    streamMuxers: [yamux()],
    connectionGater: allowlist.gater(),
    connectionManager: {
      dialTimeout: redial.dialTimeoutMs,
      // Reconnecting is the Redialer's job (libp2p's queue gives up after a few tries).
      reconnectRetries: 0,
    },
  })
  return new Libp2pNode({
    libp2p,
    allowlist,
    targets,
    logger: options.logger,
    maxFrameBytes,
    blockSync,
    redial,
    maxQueuedBytes,
  })
}

function listenMultiaddr(host: string, port = 0): Multiaddr {
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new P2PError('INVALID_OPTIONS', `Invalid listen port ${port}`, { details: { port } })
  }
  const family = host.includes(':') ? 'ip6' : 'ip4'
  try {
    return multiaddr(`/${family}/${host}/tcp/${port}`)
  } catch (cause) {
    throw new P2PError('INVALID_OPTIONS', `Invalid listen host '${host}'`, {
      details: { host },
      cause,
    })
  }
}
