/**
 * The main window: one factory, with Electron's security checklist applied (context
 * isolation, sandbox, no Node integration, no `<webview>`, web security on, navigation and
 * new windows denied) and the renderer loaded from `app://custos` (or, unpackaged, the dev
 * server). `BrowserWindow` and `shell` are injected so the factory is tested in Node.
 */
import type { BrowserWindow, BrowserWindowConstructorOptions, WebContents } from 'electron'
import { lockNavigation, type NavigationWebContents } from './security/navigation'
import type { ExternalShell } from './security/externalLinks'
import { APP_ENTRY_URL } from './security/origin'

/** The parts of a `BrowserWindow` main uses. */
export type MainBrowserWindow = Pick<
  BrowserWindow,
  'show' | 'isDestroyed' | 'isMinimized' | 'restore' | 'focus' | 'loadURL'
> & {
  webContents: NavigationWebContents & Pick<WebContents, 'mainFrame'>
  on(event: 'closed', listener: () => void): unknown
  once(event: 'ready-to-show', listener: () => void): unknown
}

/** A constructor of windows: Electron's `BrowserWindow`, or a stand-in in tests. */
export type BrowserWindowConstructor = new (
  options: BrowserWindowConstructorOptions,
) => MainBrowserWindow

export interface MainWindow {
  window: MainBrowserWindow
  /** Settles when the renderer has loaded, or rejects if it could not be loaded. */
  loaded: Promise<void>
}

export interface RendererUrlParameters {
  isPackaged: boolean
  /** `ELECTRON_RENDERER_URL`, set by `electron-vite dev`. */
  devServerUrl: string | undefined
}

/**
 * The URL the renderer is loaded from. The dev server is honoured only in an unpackaged app,
 * so an environment variable can never point a shipped build elsewhere.
 */
export function rendererUrl({ isPackaged, devServerUrl }: RendererUrlParameters): URL {
  if (!isPackaged && devServerUrl !== undefined && devServerUrl !== '') return new URL(devServerUrl)
  return new URL(APP_ENTRY_URL)
}

/**
 * The window's options; every `webPreferences` security setting is spelt out. DevTools are
 * off unless asked for (`createMainWindow` asks only in an unpackaged app).
 */
export function mainWindowOptions(
  preloadPath: string,
  { devTools = false }: { devTools?: boolean } = {},
): BrowserWindowConstructorOptions {
  return {
    title: 'Custos',
    width: 1280,
    height: 820,
    minWidth: 960,
    minHeight: 600,
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      navigateOnDragDrop: false,
      safeDialogs: true,
      devTools,
    },
  }
}

export interface CreateMainWindowParameters {
  BrowserWindow: BrowserWindowConstructor
  shell: ExternalShell
  preloadPath: string
  url: URL
  /** Whether DevTools may open; true only for an unpackaged app. */
  devTools?: boolean
  onExternalError?: (error: unknown) => void
}

/** Creates the main window, locks its navigation down and starts loading the renderer. */
export function createMainWindow({
  BrowserWindow,
  shell,
  preloadPath,
  url,
  devTools = false,
  onExternalError,
}: CreateMainWindowParameters): MainWindow {
  const window = new BrowserWindow(mainWindowOptions(preloadPath, { devTools }))
  lockNavigation({ webContents: window.webContents, shell, onExternalError })
  window.once('ready-to-show', () => {
    window.show()
  })
  return { window, loaded: window.loadURL(url.href) }
}
