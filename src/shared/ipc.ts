import { z } from 'zod'

/**
 * The typed IPC contract between the Electron main process, the preload bridge
 * and the renderer: channel name → zod request schema → response type.
 *
 * Main validates every request against `request` before handling it; the
 * preload exposes one function per channel on `window.custos` (its shape is in
 * `./bridge`); the renderer calls those functions. `response` is described with
 * zod so the type has one source, but main does not re-validate its own answers.
 *
 * @example
 * ```ts
 * const info: IpcResponse<'custos:app-info'> | undefined = await window.custos?.appInfo()
 * ```
 */
export const ipcContract = {
  'custos:app-info': {
    request: z.strictObject({}),
    response: z.object({
      name: z.string(),
      version: z.string(),
      electron: z.string(),
      chrome: z.string(),
      node: z.string(),
      platform: z.string(),
    }),
  },
} as const

export type IpcChannel = keyof typeof ipcContract
export type IpcRequest<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['request']>
export type IpcResponse<C extends IpcChannel> = z.infer<(typeof ipcContract)[C]['response']>

export type AppInfo = IpcResponse<'custos:app-info'>
