/**
 * Wire protocols of the validator network, and their limits.
 *
 * - `/custos/consensus/1.0.0`, `/custos/txs/1.0.0`: one long-lived stream per peer, channel and
 *   direction; the opener writes length-prefixed frames (see `frames.ts`), one message each,
 *   and never reads. The receiver never writes.
 * - `/custos/blocks/1.0.0`: one stream per request. The requester writes one 16-byte frame
 *   (from and to height, u64 big-endian each) and closes its writable end; the server writes a
 *   1-byte status frame, then one frame per item, then closes.
 */

/** The broadcast channels. `consensus` carries proposals and votes, `txs` carries transactions. */
export type Channel = 'consensus' | 'txs'

export const CHANNELS: readonly Channel[] = ['consensus', 'txs']

export const CHANNEL_PROTOCOLS: Readonly<Record<Channel, string>> = {
  consensus: '/custos/consensus/1.0.0',
  txs: '/custos/txs/1.0.0',
}

export const BLOCKS_PROTOCOL = '/custos/blocks/1.0.0'

const MiB = 1024 * 1024

/** Largest message per channel: a proposal carries a whole block; a transaction is small. */
export const DEFAULT_MAX_FRAME_BYTES: Readonly<Record<Channel, number>> = {
  consensus: 4 * MiB,
  txs: 64 * 1024,
}

export interface BlockSyncLimits {
  /** Most items one request can ask for or receive; larger ranges are cut to this. */
  maxBlocksPerRequest: number
  /** Largest single item (an encoded block and its commit). */
  maxItemBytes: number
  /** Most bytes of items in one response; the server stops before it would pass this. */
  maxResponseBytes: number
  /** How long `requestBlocks` waits for the whole answer, in ms. */
  requestTimeoutMs: number
}

export const DEFAULT_BLOCK_SYNC_LIMITS: Readonly<BlockSyncLimits> = {
  maxBlocksPerRequest: 100,
  maxItemBytes: 8 * MiB,
  maxResponseBytes: 32 * MiB,
  requestTimeoutMs: 10_000,
}

/** Status byte that opens every block-sync response. */
export const BlockResponseStatus = {
  OK: 0,
  BAD_REQUEST: 1,
  UNAVAILABLE: 2,
  SERVER_ERROR: 3,
} as const
export type BlockResponseStatus = (typeof BlockResponseStatus)[keyof typeof BlockResponseStatus]

export const BLOCK_REQUEST_BYTES = 16
export const MAX_HEIGHT = 2n ** 64n - 1n

export function encodeBlockRequest(fromHeight: bigint, toHeight: bigint): Uint8Array {
  const bytes = new Uint8Array(BLOCK_REQUEST_BYTES)
  const view = new DataView(bytes.buffer)
  view.setBigUint64(0, fromHeight)
  view.setBigUint64(8, toHeight)
  return bytes
}

export function decodeBlockRequest(
  bytes: Uint8Array,
): { fromHeight: bigint; toHeight: bigint } | null {
  if (bytes.length !== BLOCK_REQUEST_BYTES) return null
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength)
  return { fromHeight: view.getBigUint64(0), toHeight: view.getBigUint64(8) }
}
