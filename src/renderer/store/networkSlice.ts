/**
 * The Network screen's data: the last `custos:network-status` answer and, when the latest
 * poll failed, what went wrong. A failed poll keeps the last good status on screen so a
 * brief outage does not blank the page.
 */
import type { StateCreator } from 'zustand'
import type { CustosBridge } from '../../shared/bridge'
import type { NetworkStatus } from '../../shared/ipc'
import { describeError } from '../describeError'

/** How many recent blocks the screen lists. */
export const LATEST_BLOCKS = 10

export interface NetworkSlice {
  networkStatus: NetworkStatus | undefined
  /** Why the latest poll failed; cleared by the next good one. */
  networkError: string | undefined
  /** Asks for the network status once and stores the answer or the error. */
  refreshNetwork(bridge: CustosBridge): Promise<void>
}

export const createNetworkSlice: StateCreator<NetworkSlice, [], [], NetworkSlice> = (set) => ({
  networkStatus: undefined,
  networkError: undefined,
  async refreshNetwork(bridge) {
    try {
      const networkStatus = await bridge.networkStatus({ latestBlocks: LATEST_BLOCKS })
      set({ networkStatus, networkError: undefined })
    } catch (error) {
      set({ networkError: describeError(error) })
    }
  },
})
