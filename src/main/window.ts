import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { app, BrowserWindow } from 'electron'

/** Where the renderer comes from: the electron-vite dev server, or the built files. */
export type RendererSource = { kind: 'url'; url: string } | { kind: 'file'; path: string }

export interface MainWindow {
  window: BrowserWindow
  /** Settles when the renderer has loaded, or rejects if it could not be loaded. */
  loaded: Promise<void>
}

const preloadPath = join(import.meta.dirname, '../preload/preload.cjs')

/**
 * The renderer's source. The dev server URL is honoured only in an unpackaged
 * app, so an environment variable can never point a shipped build elsewhere.
 */
export function rendererSource(): RendererSource {
  const devServerUrl = process.env['ELECTRON_RENDERER_URL']
  if (!app.isPackaged && devServerUrl !== undefined && devServerUrl !== '') {
    return { kind: 'url', url: devServerUrl }
  }
  return { kind: 'file', path: join(import.meta.dirname, '../renderer/index.html') }
}

/** The URL the main window's main frame is expected to show. */
export function rendererUrl(source: RendererSource = rendererSource()): URL {
  return source.kind === 'url' ? new URL(source.url) : pathToFileURL(source.path)
}

export function createMainWindow(): MainWindow {
  const window = new BrowserWindow({
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
      webviewTag: false,
    },
  })

  window.webContents.on('will-navigate', (event) => {
    event.preventDefault()
  })
  window.webContents.setWindowOpenHandler(() => ({ action: 'deny' }))
  window.once('ready-to-show', () => {
    window.show()
  })

  const source = rendererSource()
  const loaded = source.kind === 'url' ? window.loadURL(source.url) : window.loadFile(source.path)
  return { window, loaded }
}
