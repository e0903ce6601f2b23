/**
 * The main window factory: each Electron security setting, the renderer URL (app:// unless
 * unpackaged with a dev server) and the navigation lock on the created window.
 */
import { describe, expect, it } from 'vitest'
import { createMainWindow, mainWindowOptions, rendererUrl } from '../../src/main/window'
import {
  FakeBrowserWindow,
  FakeBrowserWindowClass,
  FakeShell,
  navigationEvent,
} from './fakeElectron'

describe('the main window options', () => {
  const preferences = mainWindowOptions('/app/out/preload/preload.cjs').webPreferences ?? {}

  it('isolates the context and sandboxes the renderer', () => {
    expect(preferences.contextIsolation).toBe(true)
    expect(preferences.sandbox).toBe(true)
  })

  it('gives the renderer no Node.js, in any frame or worker', () => {
    expect(preferences.nodeIntegration).toBe(false)
    expect(preferences.nodeIntegrationInWorker).toBe(false)
    expect(preferences.nodeIntegrationInSubFrames).toBe(false)
  })

  it('allows no <webview>, keeps web security and refuses insecure content', () => {
    expect(preferences.webviewTag).toBe(false)
    expect(preferences.webSecurity).toBe(true)
    expect(preferences.allowRunningInsecureContent).toBe(false)
    expect(preferences.experimentalFeatures).toBe(false)
    expect(preferences.navigateOnDragDrop).toBe(false)
  })

  it('keeps DevTools closed unless asked for', () => {
    expect(preferences.devTools).toBe(false)
    expect(mainWindowOptions('/p.cjs', { devTools: true }).webPreferences?.devTools).toBe(true)
  })

  it('loads the preload script it is given', () => {
    expect(preferences.preload).toBe('/app/out/preload/preload.cjs')
  })
})

describe('the renderer URL', () => {
  it('is app://custos/index.html in a packaged app, whatever the environment says', () => {
    expect(rendererUrl({ isPackaged: true, devServerUrl: 'http://evil.example:5173' }).href).toBe(
      'app://custos/index.html',
    )
    expect(rendererUrl({ isPackaged: true, devServerUrl: undefined }).href).toBe(
      'app://custos/index.html',
    )
  })

  it('is the dev server only when unpackaged', () => {
    expect(rendererUrl({ isPackaged: false, devServerUrl: 'http://localhost:5173' }).href).toBe(
      'http://localhost:5173/',
    )
    expect(rendererUrl({ isPackaged: false, devServerUrl: '' }).href).toBe(
      'app://custos/index.html',
    )
  })
})

describe('createMainWindow', () => {
  it('creates a locked-down window and loads the renderer URL into it', async () => {
    FakeBrowserWindow.instances = []
    const shell = new FakeShell()
    const { window, loaded } = createMainWindow({
      BrowserWindow: FakeBrowserWindowClass,
      shell,
      preloadPath: '/p.cjs',
      url: new URL('app://custos/index.html'),
    })
    await loaded
    const [fake] = FakeBrowserWindow.instances
    expect(fake).toBe(window)
    expect(fake?.options.webPreferences?.sandbox).toBe(true)
    expect(fake?.loadedUrls).toEqual(['app://custos/index.html'])

    const navigation = navigationEvent('https://evil.example/')
    fake?.webContents.emit('will-navigate', navigation)
    expect(navigation.defaultPrevented).toBe(true)
    expect(
      fake?.webContents.windowOpenHandler?.({ url: 'https://evil.example/' } as never),
    ).toEqual({ action: 'deny' })

    expect(fake?.shown).toBe(false)
    fake?.emit('ready-to-show')
    expect(fake?.shown).toBe(true)
  })
})
