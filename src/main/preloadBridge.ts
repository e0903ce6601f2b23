/**
 * What the preload exposes as `window.custos`: the named functions of `src/shared/bridge.ts`
 * (one per contract channel), each sending its request with `ipcRenderer.invoke` and
 * unwrapping main's `IpcResult` (`ipc.ts`). Nothing else is exposed — no `ipcRenderer`, no
 * channel names, no generic `invoke` (Electron security checklist, item 20).
 *
 * A refused call rejects with the plain `IpcError` object (`code`, `message`, `details`):
 * `contextBridge` copies plain objects whole but drops an `Error`'s own properties, so the
 * renderer could not read the code of an `Error`.
 *
 * This file imports no zod and no Node built-in: it is bundled into the sandboxed preload.
 */
import type { ContextBridge, IpcRenderer } from 'electron'
import { createBridge, type CustosBridge } from '../shared/bridge'
import type { IpcChannel, IpcRequest, IpcResponse } from '../shared/ipc'
import { isIpcError, type IpcError } from '../shared/ipcError'

/** The key of `window.custos`. */
export const BRIDGE_KEY = 'custos'

/** The parts of Electron's preload modules this file uses. */
export interface PreloadElectron {
  contextBridge: Pick<ContextBridge, 'exposeInMainWorld'>
  ipcRenderer: Pick<IpcRenderer, 'invoke'>
}

/** The value of a successful `IpcResult`, or a rejection with its `IpcError`. */
export function unwrapIpcResult<T>(result: unknown): Promise<T> {
  if (typeof result === 'object' && result !== null && 'ok' in result) {
    if (result.ok === true && 'value' in result) return Promise.resolve(result.value as T)
    if (result.ok === false && 'error' in result && isIpcError(result.error)) {
      return Promise.reject(result.error)
    }
  }
  const malformed: IpcError = {
    code: 'INTERNAL',
    message: 'Custos answered in an unexpected shape.',
  }
  return Promise.reject(malformed)
}

/** The bridge over Electron IPC. */
export function createPreloadBridge(ipcRenderer: PreloadElectron['ipcRenderer']): CustosBridge {
  return createBridge(
    async <C extends IpcChannel>(channel: C, request: IpcRequest<C>): Promise<IpcResponse<C>> =>
      unwrapIpcResult<IpcResponse<C>>(await ipcRenderer.invoke(channel, request)),
  )
}

/** Exposes the bridge as `window.custos` in the renderer's main world. */
export function exposeBridge({ contextBridge, ipcRenderer }: PreloadElectron): void {
  contextBridge.exposeInMainWorld(BRIDGE_KEY, createPreloadBridge(ipcRenderer))
}
