import { z } from 'zod'
import { accountsChannels } from './contract/accounts'
import { appChannels } from './contract/app'
import { devicesChannels } from './contract/devices'
import { governanceChannels } from './contract/governance'
import { networkChannels } from './contract/network'
import { recordsChannels } from './contract/records'

/**
 * The typed IPC contract between the Electron main process, the preload bridge
 * and the renderer: channel name → zod request schema → response type, grouped by
 * domain in `./contract/*`. Responses are JSON-safe: integers as decimal strings,
 * addresses and ids as lowercase hex.
 *
 * Main validates every request against `request` before handling it (Electron
 * IPC and the web bridge alike); the preload exposes one function per channel on
 * `window.custos` (its shape is in `./bridge`); the renderer calls those
 * functions. `response` is described with zod so the type has one source, but
 * main does not re-validate its own answers. A refused call carries an
 * `IpcError` (`./ipcError`).
 *
 * @example
 * ```ts
 * const info: IpcResponse<'custos:app-info'> | undefined = await window.custos?.appInfo()
 * ```
 */
export const ipcContract = {
  ...appChannels,
  ...networkChannels,
  ...devicesChannels,
  ...accountsChannels,
  ...governanceChannels,
  ...recordsChannels,
} as const

export type IpcChannel = keyof typeof ipcContract
export type IpcRequest<C extends IpcChannel> = z.input<(typeof ipcContract)[C]['request']>
/** The request after validation (addresses lowercased, defaults applied). */
export type IpcParsedRequest<C extends IpcChannel> = z.output<(typeof ipcContract)[C]['request']>
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>

/** True for a channel name of the contract (for transports that receive names as strings). */
export function isIpcChannel(name: unknown): name is IpcChannel {
  return typeof name === 'string' && Object.hasOwn(ipcContract, name)
}

export type AppInfo = IpcResponse<'custos:app-info'>
export type NetworkStatus = IpcResponse<'custos:network-status'>
