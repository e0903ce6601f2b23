import { app, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron'
import {
  ipcContract,
  type AppInfo,
  type IpcChannel,
  type IpcRequest,
  type IpcResponse,
} from '../shared/ipc'
import { rendererUrl } from './window'

export interface RegisterIpcHandlersParameters {
  /** The window whose main frame may call IPC, or null while there is none. */
  getMainWindow: () => BrowserWindow | null
}

/**
 * True only for the main frame of the main window, showing the app's own
 * renderer. Subframes, other windows and navigated-away pages are refused.
 */
export function isTrustedSender(event: IpcMainInvokeEvent, window: BrowserWindow | null): boolean {
  const frame = event.senderFrame
  if (window === null || window.isDestroyed() || frame === null) return false
  if (event.sender !== window.webContents || frame !== window.webContents.mainFrame) return false

  let url: URL
  try {
    url = new URL(frame.url)
  } catch {
    return false
  }
  const expected = rendererUrl()
  // file: URLs have an opaque origin ("null"), so compare the exact file instead.
  if (expected.protocol === 'file:') {
    return url.protocol === 'file:' && url.pathname === expected.pathname
  }
  return url.origin === expected.origin
}

function appInfo(): AppInfo {
  return {
    name: app.getName(),
    version: app.getVersion(),
    electron: process.versions.electron,
    chrome: process.versions.chrome,
    node: process.versions.node,
    platform: process.platform,
  }
}

export function registerIpcHandlers({ getMainWindow }: RegisterIpcHandlersParameters): void {
  function handle<C extends IpcChannel>(
    channel: C,
    handler: (request: IpcRequest<C>) => IpcResponse<C> | Promise<IpcResponse<C>>,
  ): void {
    const schema = ipcContract[channel].request
    ipcMain.handle(channel, (event, request: unknown) => {
      if (!isTrustedSender(event, getMainWindow())) {
        throw new Error(`${channel} refused: the sender is not the Custos main window`)
      }
      return handler(schema.parse(request) as IpcRequest<C>)
    })
  }

  handle('custos:app-info', () => appInfo())
}
