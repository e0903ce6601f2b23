/**
 * The preload bridge: `window.custos` holds exactly one named function per contract channel
 * (and the bridge version), never `ipcRenderer` or a generic invoke; each function invokes
 * its channel and unwraps main's answer, rejecting with the typed `IpcError`.
 */
import { describe, expect, it } from 'vitest'
import { createPreloadBridge, exposeBridge, unwrapIpcResult } from '../../src/main/preloadBridge'
import { bridgeChannels } from '../../src/shared/bridge'
import { ipcContract } from '../../src/shared/ipc'
import type { PreloadElectron } from '../../src/main/preloadBridge'

function fakePreloadElectron(answer: (channel: string, request: unknown) => unknown) {
  const exposed = new Map<string, unknown>()
  const invoked: Array<[string, unknown]> = []
  const electron: PreloadElectron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        exposed.set(key, api)
      },
    },
    ipcRenderer: {
      async invoke(channel: string, request: unknown) {
        invoked.push([channel, request])
        return answer(channel, request)
      },
    },
  }
  return { electron, exposed, invoked }
}

describe('the preload bridge', () => {
  it('exposes window.custos with exactly the contract functions', () => {
    const { electron, exposed } = fakePreloadElectron(() => ({ ok: true, value: null }))
    exposeBridge(electron)
    expect([...exposed.keys()]).toEqual(['custos'])
    const bridge = exposed.get('custos') as Record<string, unknown>
    expect(Object.keys(bridge).sort()).toEqual(['version', ...Object.keys(bridgeChannels)].sort())
    for (const name of Object.keys(bridgeChannels)) expect(typeof bridge[name]).toBe('function')
    expect(bridge).not.toHaveProperty('invoke')
    expect(bridge).not.toHaveProperty('ipcRenderer')
  })

  it('has a function for every contract channel, and no other channel', () => {
    expect(Object.values(bridgeChannels).sort()).toEqual(Object.keys(ipcContract).sort())
  })

  it('invokes the named channel and resolves with the value', async () => {
    const { electron, invoked } = fakePreloadElectron(() => ({
      ok: true,
      value: { name: 'Custos' },
    }))
    const bridge = createPreloadBridge(electron.ipcRenderer)
    await expect(bridge.appInfo()).resolves.toEqual({ name: 'Custos' })
    expect(invoked).toEqual([['custos:app-info', {}]])
  })

  it("rejects with main's typed error", async () => {
    const error = {
      code: 'INVALID_REQUEST',
      message: 'The request to custos:app-info is not valid.',
    }
    const { electron } = fakePreloadElectron(() => ({ ok: false, error }))
    await expect(createPreloadBridge(electron.ipcRenderer).appInfo()).rejects.toEqual(error)
  })

  it('rejects an answer in an unexpected shape', async () => {
    for (const answer of [undefined, 'x', { ok: false }, { ok: false, error: 'nope' }]) {
      await expect(unwrapIpcResult(answer)).rejects.toMatchObject({ code: 'INTERNAL' })
    }
  })
})
