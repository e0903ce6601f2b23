/**
 * The main process's start-up, with Electron injected (`bootMain(electron, options)`), so the
 * whole sequence runs in Node tests with a stand-in: the `app:` scheme is registered before
 * ready, the sandbox is enabled for every renderer, a second instance hands over to the first;
 * once ready the `app:` protocol and the permission policy are installed, the services start
 * (`options.startServices`), their IPC handlers register, and only then the window opens.
 */
import { join } from 'node:path'
import type { Dialog } from 'electron'
import type { IpcError } from '../shared/ipcError'
import { registerIpcHandlers, type IpcHandlers, type IpcMainLike } from './ipc'
import {
  installAppProtocol,
  registerAppScheme,
  type AppProtocolModule,
  type ReadAppFile,
} from './security/appProtocol'
import type { ExternalShell } from './security/externalLinks'
import { lockNavigation, type NavigationWebContents } from './security/navigation'
import { installPermissionPolicy, type PermissionSession } from './security/permissions'
import {
  createMainWindow,
  rendererUrl,
  type BrowserWindowConstructor,
  type MainBrowserWindow,
} from './window'

/** The parts of Electron's `app` main uses. */
export interface MainApp {
  readonly isPackaged: boolean
  enableSandbox(): void
  requestSingleInstanceLock(): boolean
  whenReady(): Promise<void>
  quit(): void
  exit(exitCode?: number): void
  getPath(name: 'userData'): string
  on(event: 'second-instance' | 'window-all-closed' | 'activate', listener: () => void): unknown
  on(event: 'will-quit', listener: (event: { preventDefault(): void }) => void): unknown
  on(
    event: 'web-contents-created',
    listener: (event: unknown, webContents: NavigationWebContents) => void,
  ): unknown
}

/** The Electron modules main uses; `import { … } from 'electron'` in `index.ts`, a stand-in in tests. */
export interface MainElectron {
  app: MainApp
  BrowserWindow: BrowserWindowConstructor
  protocol: AppProtocolModule
  /** Read only once the app is ready (`session.defaultSession` throws before). */
  session: { readonly defaultSession: PermissionSession }
  ipcMain: IpcMainLike
  shell: ExternalShell
  dialog: Pick<Dialog, 'showErrorBox'>
}

/** What the services are started with. */
export interface StartServicesContext {
  /** The app's data folder: the embedded devnet, the records and the wrapped keys live there. */
  userDataPath: string
  isPackaged: boolean
}

/** Started services: the IPC handlers that answer the contract, and how to stop them. */
export interface RunningServices {
  handlers: IpcHandlers
  /** Maps a handler's failure to the `IpcError` it answers; defaults to `ipc.ts` `toIpcError`. */
  toIpcError?: (error: unknown) => IpcError
  stop(): Promise<void>
}

export interface BootMainOptions {
  /** The folder of the built main bundle (`out/main`); preload and renderer sit beside it. */
  mainDir: string
  /** Environment; only `ELECTRON_RENDERER_URL` is read, and only when unpackaged. */
  env: Readonly<Record<string, string | undefined>>
  platform: NodeJS.Platform
  /** Starts the light node, records and devices; called once, before the window opens. */
  startServices(context: StartServicesContext): Promise<RunningServices>
  /** Injected for tests; defaults to reading from disk. */
  readFile?: ReadAppFile
  /** Told about failures that are not shown to people (handler errors, link errors). */
  log?: (message: string, error: unknown) => void
}

/** A booted main process. */
export interface BootedMain {
  /** False when another instance holds the lock; this one quits. */
  readonly primary: boolean
  /** Settles once the first window has loaded; a start-up failure is shown and exits instead. */
  readonly ready: Promise<void>
  mainWindow(): MainBrowserWindow | null
}

/**
 * Boots the main process.
 *
 * @example
 * ```ts
 * import { app, BrowserWindow, dialog, ipcMain, protocol, session, shell } from 'electron'
 * bootMain({ app, BrowserWindow, dialog, ipcMain, protocol, session, shell }, {
 *   mainDir: import.meta.dirname, env: process.env, platform: process.platform, startServices,
 * })
 * ```
 */
export function bootMain(electron: MainElectron, options: BootMainOptions): BootedMain {
  const { app, dialog } = electron
  const log = options.log ?? (() => undefined)
  const appUrl = rendererUrl({
    isPackaged: app.isPackaged,
    devServerUrl: options.env['ELECTRON_RENDERER_URL'],
  })
  const preloadPath = join(options.mainDir, '../preload/preload.cjs')
  const rendererRoot = join(options.mainDir, '../renderer')

  registerAppScheme(electron.protocol)
  app.enableSandbox()

  let window: MainBrowserWindow | null = null
  if (!app.requestSingleInstanceLock()) {
    app.quit()
    return { primary: false, ready: Promise.resolve(), mainWindow: () => null }
  }

  let services: RunningServices | null = null

  const fail = (error: unknown): void => {
    const detail = error instanceof Error ? error.message : String(error)
    dialog.showErrorBox('Custos could not start', detail)
    app.exit(1)
  }

  async function openMainWindow(): Promise<void> {
    const created = createMainWindow({
      BrowserWindow: electron.BrowserWindow,
      shell: electron.shell,
      preloadPath,
      url: appUrl,
      devTools: !app.isPackaged,
      onExternalError: (error) => log('could not open an external link', error),
    })
    window = created.window
    created.window.on('closed', () => {
      if (window === created.window) window = null
    })
    await created.loaded.catch((error: unknown) => {
      // Closing the window while it loads aborts the load; that is not a failure.
      if (!created.window.isDestroyed()) throw error
    })
  }

  // Every web contents, not only the main window's, is locked as soon as it exists.
  app.on('web-contents-created', (_event, webContents) => {
    lockNavigation({
      webContents,
      shell: electron.shell,
      onExternalError: (error) => log('could not open an external link', error),
    })
  })
  app.on('second-instance', () => {
    if (window === null) return
    if (window.isMinimized()) window.restore()
    window.focus()
  })
  app.on('window-all-closed', () => {
    if (options.platform !== 'darwin') app.quit()
  })
  app.on('will-quit', (event) => {
    const running = services
    if (running === null) return
    services = null
    event.preventDefault()
    running
      .stop()
      .catch((error: unknown) => log('services did not stop cleanly', error))
      .finally(() => app.quit())
  })

  const ready = app
    .whenReady()
    .then(async () => {
      installAppProtocol(electron.protocol, { root: rendererRoot, readFile: options.readFile })
      installPermissionPolicy({ session: electron.session.defaultSession, appUrl })
      services = await options.startServices({
        userDataPath: app.getPath('userData'),
        isPackaged: app.isPackaged,
      })
      registerIpcHandlers({
        ipcMain: electron.ipcMain,
        handlers: services.handlers,
        getMainWindow: () => window,
        appUrl,
        onHandlerError: (channel, error) => log(`${channel} failed`, error),
        toIpcError: services.toIpcError,
      })
      app.on('activate', () => {
        if (window === null) openMainWindow().catch(fail)
      })
      await openMainWindow()
    })
    .catch(fail)

  return { primary: true, ready, mainWindow: () => window }
}
