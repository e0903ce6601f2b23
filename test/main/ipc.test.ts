/**
 * IPC plumbing: every call is checked for its sender (the main window's top frame at the
 * app's origin) and validated against its channel's zod schema before a handler runs; a
 * refusal or a handler failure answers a typed `IpcError`, never a throw.
 */
import { describe, expect, it, vi } from 'vitest'
import {
  dispatchIpc,
  isTrustedSender,
  registerIpcHandlers,
  type IpcHandlers,
} from '../../src/main/ipc'
import { ipcContract } from '../../src/shared/ipc'
import { FakeBrowserWindow, FakeFrame, FakeIpcMain, FakeWebContents } from './fakeElectron'
import type { IpcMainLike, IpcTrustedWindow } from '../../src/main/ipc'

const appUrl = new URL('app://custos/index.html')
const appInfo = {
  name: 'Custos',
  version: '0.1.0',
  electron: '45.0.0',
  chrome: '140.0.0',
  node: '22.0.0',
  platform: 'linux',
}

function setUp(handlers: IpcHandlers = { 'custos:app-info': () => appInfo }) {
  const ipcMain = new FakeIpcMain()
  const window = new FakeBrowserWindow({})
  window.webContents.mainFrame.url = 'app://custos/index.html'
  const unregister = registerIpcHandlers({
    ipcMain: ipcMain as unknown as IpcMainLike,
    handlers,
    getMainWindow: () => window as unknown as IpcTrustedWindow,
    appUrl,
  })
  const fromApp = { sender: window.webContents, senderFrame: window.webContents.mainFrame }
  return { ipcMain, window, fromApp, unregister }
}

describe('registerIpcHandlers', () => {
  it('registers one handler per contract channel, and removes them again', () => {
    const { ipcMain, unregister } = setUp()
    expect([...ipcMain.handlers.keys()].sort()).toEqual(Object.keys(ipcContract).sort())
    unregister()
    expect(ipcMain.handlers.size).toBe(0)
  })

  it("answers a valid request from the app's main frame", async () => {
    const { ipcMain, fromApp } = setUp()
    await expect(ipcMain.invoke('custos:app-info', fromApp, {})).resolves.toEqual({
      ok: true,
      value: appInfo,
    })
  })

  it('refuses a payload that does not match the schema, without running the handler', async () => {
    const handler = vi.fn(() => appInfo)
    const { ipcMain, fromApp } = setUp({ 'custos:app-info': handler })
    for (const payload of [
      { extra: 1 },
      'text',
      42,
      null,
      [],
      { __proto__: { polluted: true }, x: 1 },
    ]) {
      const answer = await ipcMain.invoke('custos:app-info', fromApp, payload)
      expect(answer).toMatchObject({ ok: false, error: { code: 'INVALID_REQUEST' } })
    }
    expect(handler).not.toHaveBeenCalled()
  })

  it('refuses foreign senders, without running the handler', async () => {
    const handler = vi.fn(() => appInfo)
    const { ipcMain, window, fromApp } = setUp({ 'custos:app-info': handler })
    const otherWindow = new FakeWebContents()
    otherWindow.mainFrame.url = 'app://custos/index.html'
    const foreign = [
      // a subframe of the main window, even one at the app's origin
      { sender: window.webContents, senderFrame: new FakeFrame('app://custos/index.html') },
      // another window's frame
      { sender: otherWindow, senderFrame: otherWindow.mainFrame },
      // a frame that went away
      { sender: window.webContents, senderFrame: null },
    ]
    for (const event of foreign) {
      const answer = await ipcMain.invoke('custos:app-info', event, {})
      expect(answer).toMatchObject({ ok: false, error: { code: 'UNAUTHORIZED' } })
    }
    // the main frame, navigated to another origin
    window.webContents.mainFrame.url = 'https://evil.example/'
    expect(await ipcMain.invoke('custos:app-info', fromApp, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    // a destroyed window
    window.webContents.mainFrame.url = 'app://custos/index.html'
    window.destroyed = true
    expect(await ipcMain.invoke('custos:app-info', fromApp, {})).toMatchObject({
      ok: false,
      error: { code: 'UNAUTHORIZED' },
    })
    expect(handler).not.toHaveBeenCalled()
  })

  it('answers NOT_READY for a channel no service answers yet', async () => {
    const { ipcMain, fromApp } = setUp({})
    expect(await ipcMain.invoke('custos:app-info', fromApp, {})).toMatchObject({
      ok: false,
      error: { code: 'NOT_READY' },
    })
  })
})

describe('dispatchIpc', () => {
  it("keeps a typed IpcError's code and a domain error's message, and hides everything else", async () => {
    const failing = (error: unknown): IpcHandlers => ({
      'custos:app-info': () => {
        throw error
      },
    })
    const notFound = Object.assign(new Error('No such account'), { code: 'NOT_FOUND' })
    expect(await dispatchIpc(failing(notFound), 'custos:app-info', {})).toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No such account' },
    })

    const domain = Object.assign(new Error('Policy rule 3 needs 1 more approval'), {
      code: 'POLICY_DENIED',
      details: {},
    })
    expect(await dispatchIpc(failing(domain), 'custos:app-info', {})).toEqual({
      ok: false,
      error: {
        code: 'INTERNAL',
        message: 'Policy rule 3 needs 1 more approval',
        details: { cause: 'POLICY_DENIED' },
      },
    })

    const onError = vi.fn()
    const answer = await dispatchIpc(
      failing(new TypeError('x is undefined at /home/u/app.js:1')),
      'custos:app-info',
      {},
      { onHandlerError: onError },
    )
    expect(answer).toMatchObject({ ok: false, error: { code: 'INTERNAL' } })
    expect(JSON.stringify(answer)).not.toContain('/home/u')
    expect(onError).toHaveBeenCalledOnce()
  })

  it("answers with the services' own error mapping when given one", async () => {
    const handlers: IpcHandlers = {
      'custos:app-info': () => {
        throw new RangeError('device busy')
      },
    }
    const answer = await dispatchIpc(
      handlers,
      'custos:app-info',
      {},
      {
        toIpcError: (error) => ({ code: 'DEVICE', message: (error as Error).message }),
      },
    )
    expect(answer).toEqual({ ok: false, error: { code: 'DEVICE', message: 'device busy' } })
  })
})

describe('isTrustedSender', () => {
  it('accepts the dev server origin when that is where the renderer comes from', () => {
    const webContents = new FakeWebContents()
    webContents.mainFrame.url = 'http://localhost:5173/'
    const window = { isDestroyed: () => false, webContents }
    const event = { sender: webContents, senderFrame: webContents.mainFrame }
    expect(isTrustedSender(event, window, new URL('http://localhost:5173/'))).toBe(true)
    expect(isTrustedSender(event, window, appUrl)).toBe(false)
    expect(isTrustedSender(event, null, new URL('http://localhost:5173/'))).toBe(false)
  })
})
