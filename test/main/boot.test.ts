/**
 * The main bundle boots under Node with an injected Electron stand-in: the app: scheme is
 * registered before ready, services start, handlers register, and the window loads the
 * renderer URL — in that order.
 */
import { describe, expect, it, vi } from 'vitest'
import { bootMain, type BootMainOptions, type RunningServices } from '../../src/main/boot'
import { ipcContract } from '../../src/shared/ipc'
import { FakeBrowserWindow, fakeElectron, FakeWebContents, navigationEvent } from './fakeElectron'

const appInfo = {
  name: 'Custos',
  version: '0.1.0',
  electron: '',
  chrome: '',
  node: '22',
  platform: 'linux',
}

function boot(overrides: Partial<BootMainOptions> = {}) {
  const fakes = fakeElectron()
  const order: string[] = []
  const stop = vi.fn(async () => undefined)
  const startServices = vi.fn(async (): Promise<RunningServices> => {
    order.push(`services (window open: ${FakeBrowserWindow.instances.length > 0})`)
    return { handlers: { 'custos:app-info': () => appInfo }, stop }
  })
  const booted = bootMain(fakes.electron, {
    mainDir: '/opt/custos/resources/app.asar/out/main',
    env: {},
    platform: 'linux',
    startServices,
    readFile: async () => new TextEncoder().encode('<!doctype html>'),
    ...overrides,
  })
  return { ...fakes, booted, startServices, stop, order }
}

describe('bootMain', () => {
  it('registers the app: scheme and the sandbox before ready, and opens nothing yet', () => {
    const { protocol, app, startServices } = boot()
    expect(protocol.privileged).toEqual([expect.objectContaining({ scheme: 'app' })])
    expect(app.sandboxed).toBe(true)
    expect(protocol.handlers.size).toBe(0)
    expect(startServices).not.toHaveBeenCalled()
    expect(FakeBrowserWindow.instances).toEqual([])
  })

  it('starts services, registers handlers, then loads the renderer URL in a locked-down window', async () => {
    const { app, booted, protocol, session, ipcMain, startServices, order, dialog } = boot()
    app.ready()
    await booted.ready

    expect(dialog.errors).toEqual([])
    expect(startServices).toHaveBeenCalledWith({
      userDataPath: '/tmp/custos-user-data',
      isPackaged: true,
    })
    expect(order).toEqual(['services (window open: false)'])
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort())
    expect(protocol.handlers.has('app')).toBe(true)
    expect(session.requestHandler).not.toBeNull()
    expect(session.checkHandler).not.toBeNull()
    expect(session.deviceHandler).not.toBeNull()

    const [window] = FakeBrowserWindow.instances
    expect(booted.mainWindow()).toBe(window)
    expect(window?.loadedUrls).toEqual(['app://custos/index.html'])
    expect(window?.options.webPreferences).toMatchObject({
      preload: '/opt/custos/resources/app.asar/out/preload/preload.cjs',
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
    })
    const navigation = navigationEvent()
    window?.webContents.emit('will-navigate', navigation)
    expect(navigation.defaultPrevented).toBe(true)

    // The renderer's page calls IPC and gets its answer.
    const fromWindow = { sender: window?.webContents, senderFrame: window?.webContents.mainFrame }
    await expect(ipcMain.invoke('custos:app-info', fromWindow, {})).resolves.toEqual({
      ok: true,
      value: appInfo,
    })

    // The protocol serves the renderer folder beside the main bundle, with the CSP.
    const page = await protocol.handlers.get('app')?.(new Request('app://custos/index.html'))
    expect(page?.status).toBe(200)
    expect(page?.headers.get('content-security-policy')).toContain("default-src 'self'")
  })

  it('loads the dev server when unpackaged, and ignores it when packaged', async () => {
    const dev = fakeElectron()
    dev.app.isPackaged = false
    const booted = bootMain(dev.electron, {
      mainDir: '/repo/out/main',
      env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' },
      platform: 'linux',
      startServices: async () => ({ handlers: {}, stop: async () => undefined }),
    })
    dev.app.ready()
    await booted.ready
    expect(FakeBrowserWindow.instances[0]?.loadedUrls).toEqual(['http://localhost:5173/'])

    const packaged = boot({ env: { ELECTRON_RENDERER_URL: 'http://localhost:5173' } })
    packaged.app.ready()
    await packaged.booted.ready
    expect(FakeBrowserWindow.instances[0]?.loadedUrls).toEqual(['app://custos/index.html'])
  })

  it('shows the error and exits when the services cannot start, opening no window', async () => {
    const { app, booted, dialog } = boot({
      startServices: async () => {
        throw new Error('The data folder is not writable')
      },
    })
    app.ready()
    await booted.ready
    expect(dialog.errors).toEqual([
      { title: 'Custos could not start', content: 'The data folder is not writable' },
    ])
    expect(app.exitCode).toBe(1)
    expect(FakeBrowserWindow.instances).toEqual([])
  })

  it('locks the navigation of every web contents created', () => {
    const { app } = boot()
    const webContents = new FakeWebContents()
    app.emit('web-contents-created', navigationEvent(), webContents)
    const navigation = navigationEvent()
    webContents.emit('will-navigate', navigation)
    expect(navigation.defaultPrevented).toBe(true)
    expect(webContents.windowOpenHandler?.({ url: 'https://evil.example/' } as never)).toEqual({
      action: 'deny',
    })
  })

  it('keeps DevTools closed in a packaged app', async () => {
    const { app, booted } = boot()
    app.ready()
    await booted.ready
    expect(FakeBrowserWindow.instances[0]?.options.webPreferences?.devTools).toBe(false)
  })

  it('quits at once as a second instance', () => {
    const fakes = fakeElectron()
    fakes.app.hasLock = false
    const startServices = vi.fn()
    const booted = bootMain(fakes.electron, {
      mainDir: '/x',
      env: {},
      platform: 'linux',
      startServices,
    })
    expect(booted.primary).toBe(false)
    expect(fakes.app.quitCalls).toBe(1)
    expect(startServices).not.toHaveBeenCalled()
  })

  it('stops the services before quitting', async () => {
    const { app, booted, stop } = boot()
    app.ready()
    await booted.ready
    const quitting = navigationEvent()
    app.emit('will-quit', quitting)
    expect(quitting.defaultPrevented).toBe(true)
    await vi.waitFor(() => expect(app.quitCalls).toBe(1))
    expect(stop).toHaveBeenCalledOnce()
    // The second will-quit (from that quit) goes through.
    const again = navigationEvent()
    app.emit('will-quit', again)
    expect(again.defaultPrevented).toBe(false)
  })

  it('quits when the last window closes, except on macOS', async () => {
    const linux = boot()
    linux.app.emit('window-all-closed')
    expect(linux.app.quitCalls).toBe(1)
    const mac = boot({ platform: 'darwin' })
    mac.app.emit('window-all-closed')
    expect(mac.app.quitCalls).toBe(0)
  })
})
