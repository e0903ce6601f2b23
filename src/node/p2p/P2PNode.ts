import type { RequestBlocksOptions, ServeBlocksHandler } from './blockSync'
import type { MessageHandler } from './channelMessaging'
import type { Channel } from './protocols'

/** A running member of the validator network. */
export interface P2PNode {
  /** This node's peer id. */
  readonly peerId: string
  /** Starts listening and dialing the configured peers. */
  start(): Promise<void>
  /** Closes every connection, stream, listener and timer. */
  stop(): Promise<void>
  /** The multiaddrs this node listens on, each ending in `/p2p/<peerId>`. */
  listenAddresses(): string[]
  /**
   * Peer ids with a live session: connected, and our channel streams to them negotiated (a
   * peer that refuses us is never listed, even while its socket is still closing).
   */
  peers(): string[]
  /**
   * Queues `data` to every connected peer on `channel`; resolves with the peers it was queued
   * to. Per-peer failures are logged, not thrown.
   *
   * @throws P2PError `FRAME_TOO_LARGE`, `NOT_STARTED`.
   */
  broadcast(channel: Channel, data: Uint8Array): Promise<string[]>
  /**
   * Queues `data` to one peer on `channel`.
   *
   * @throws P2PError `INVALID_PEER_ID`, `PEER_NOT_ALLOWED`, `PEER_NOT_CONNECTED`,
   *   `FRAME_TOO_LARGE`, `PEER_BACKLOGGED`, `STREAM_FAILED`, `NOT_STARTED`.
   */
  send(peerId: string, channel: Channel, data: Uint8Array): Promise<void>
  /** Calls `handler` for each message received on `channel`; returns an unsubscribe function. */
  onMessage(channel: Channel, handler: MessageHandler): () => void
  /** Answers other nodes' block requests. Until called, requests are refused as unavailable. */
  serveBlocks(handler: ServeBlocksHandler): void
  /**
   * Fetches heights `fromHeight..toHeight` from a peer: at most `maxBlocksPerRequest` items (a
   * prefix of the range when limits cut it), as the peer's handler returned them.
   *
   * @throws P2PError `INVALID_PEER_ID`, `PEER_NOT_ALLOWED`, `PEER_NOT_CONNECTED`,
   *   `INVALID_REQUEST`, `REQUEST_TIMEOUT`, `REQUEST_REFUSED`, `BAD_RESPONSE`, `STREAM_FAILED`,
   *   `NOT_STARTED`.
   */
  requestBlocks(
    peerId: string,
    fromHeight: bigint,
    toHeight: bigint,
    options?: RequestBlocksOptions,
  ): Promise<Uint8Array[]>
  /** Calls `handler` with the peer id when a session starts; returns an unsubscribe function. */
  onPeerConnected(handler: (peerId: string) => void): () => void
  /** Calls `handler` when a session's last connection closes; returns an unsubscribe function. */
  onPeerDisconnected(handler: (peerId: string) => void): () => void
}
