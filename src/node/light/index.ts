/** The light client (ARCHITECTURE.md, "Light node"). */
export * from './errors'
export * from './LightClient'
export type { LightClientOptions } from './lightClientOptions'
export * from './types'
export { genesisLightBlock } from './root'
export {
  RpcProvider,
  type RpcAuthJson,
  type RpcAuthorizer,
  type RpcProviderOptions,
} from './providers/RpcProvider'
export * from './verify'
export { bisect, type BisectParameters } from './bisection'
