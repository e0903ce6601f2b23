import { app, dialog, session, type BrowserWindow } from 'electron'
import { installLedgerHidPolicy } from './hid'
import { registerIpcHandlers } from './ipc'
import { createMainWindow, rendererUrl } from './window'

let mainWindow: BrowserWindow | null = null

async function openMainWindow(): Promise<void> {
  const { window, loaded } = createMainWindow()
  mainWindow = window
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null
  })
  await loaded.catch((error: unknown) => {
    // Closing the window while it loads aborts the load; that is not a failure.
    if (!window.isDestroyed()) throw error
  })
}

function fail(error: unknown): void {
  const detail = error instanceof Error ? error.message : String(error)
  dialog.showErrorBox('Custos could not start', detail)
  app.exit(1)
}

app.enableSandbox()

if (!app.requestSingleInstanceLock()) {
  app.quit()
} else {
  app.on('second-instance', () => {
    if (mainWindow === null) return
    if (mainWindow.isMinimized()) mainWindow.restore()
    mainWindow.focus()
  })

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit()
  })

  app
    .whenReady()
    .then(async () => {
      session.defaultSession.setPermissionRequestHandler((_webContents, _permission, callback) => {
        callback(false)
      })
      // HID for Ledger devices (vendor 0x2c97) from the app's own pages; all else stays denied
      installLedgerHidPolicy({ session: session.defaultSession, appUrl: rendererUrl() })
      registerIpcHandlers({ getMainWindow: () => mainWindow })
      app.on('activate', () => {
        if (mainWindow === null) openMainWindow().catch(fail)
      })
      await openMainWindow()
    })
    .catch(fail)
}
