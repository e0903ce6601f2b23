export * from './createP2PNode'
export * from './P2PNode'
export * from './errors'
export { peerIdFromNodeKey, NODE_KEY_BYTES } from './nodeKey'
export type { P2PLogger } from './logger'
export type { MessageHandler } from './channelMessaging'
export type { RequestBlocksOptions, ServeBlocksHandler } from './blockSync'
export type { RedialOptions } from './redialer'
export {
  CHANNELS,
  DEFAULT_BLOCK_SYNC_LIMITS,
  DEFAULT_MAX_FRAME_BYTES,
  type BlockSyncLimits,
  type Channel,
} from './protocols'
