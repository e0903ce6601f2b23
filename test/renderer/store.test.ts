import { describe, expect, it } from 'vitest'
import type { CustosBridge } from '../../src/shared/bridge'
import type { NetworkStatus } from '../../src/shared/ipc'
import { createCustosStore } from '../../src/renderer/store'

const status = { height: '7' } as unknown as NetworkStatus

/** A bridge whose `networkStatus` answers from `answer`. */
function bridgeAnswering(answer: () => Promise<NetworkStatus>): CustosBridge {
  return { networkStatus: answer } as unknown as CustosBridge
}

describe('the renderer store', () => {
  it('records an opened bridge, or why it failed', async () => {
    const store = createCustosStore()
    expect(store.getState().connection.status).toBe('connecting')
    const bridge = bridgeAnswering(async () => status)
    await store.getState().connect(Promise.resolve(bridge))
    expect(store.getState().connection).toEqual({ status: 'connected', bridge })
    await store.getState().connect(Promise.reject(new Error('wrong token')))
    expect(store.getState().connection).toMatchObject({ status: 'failed' })
  })

  it('keeps the last network status when a poll fails, with the reason', async () => {
    const store = createCustosStore()
    await store.getState().refreshNetwork(bridgeAnswering(async () => status))
    expect(store.getState().networkStatus).toBe(status)
    await store
      .getState()
      .refreshNetwork(
        bridgeAnswering(() => Promise.reject({ code: 'NETWORK', message: 'node 1 is down' })),
      )
    expect(store.getState().networkStatus).toBe(status)
    expect(store.getState().networkError).toMatch(/^Node 1 is down\. Check that the network/)
    await store.getState().refreshNetwork(bridgeAnswering(async () => status))
    expect(store.getState().networkError).toBeUndefined()
  })
})
