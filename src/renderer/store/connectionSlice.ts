/**
 * The connection to the Custos services: the bridge once it is open, or why it could not be.
 * Other slices read `bridge` to make their calls.
 */
import type { StateCreator } from 'zustand'
import type { CustosBridge } from '../../shared/bridge'
import { describeError } from '../describeError'

export type ConnectionState =
  | { status: 'connecting' }
  | { status: 'connected'; bridge: CustosBridge }
  | { status: 'failed'; message: string }

export interface ConnectionSlice {
  connection: ConnectionState
  /** Waits for `opening` and records the bridge or the reason it failed. */
  connect(opening: Promise<CustosBridge>): Promise<void>
}

export const createConnectionSlice: StateCreator<ConnectionSlice, [], [], ConnectionSlice> = (
  set,
) => ({
  connection: { status: 'connecting' },
  async connect(opening) {
    set({ connection: { status: 'connecting' } })
    try {
      const bridge = await opening
      set({ connection: { status: 'connected', bridge } })
    } catch (error) {
      set({ connection: { status: 'failed', message: describeError(error) } })
    }
  },
})
