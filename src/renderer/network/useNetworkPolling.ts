/**
 * Polls `custos:network-status` every second while the Network screen is shown. A poll is
 * not started while the previous one is still waiting, so a slow node does not pile up calls.
 */
import { useEffect } from 'react'
import type { CustosBridge } from '../../shared/bridge'
import { useCustosStore } from '../store'

/** Time between polls. */
export const NETWORK_POLL_MS = 1000

export function useNetworkPolling(bridge: CustosBridge): void {
  const refreshNetwork = useCustosStore((s) => s.refreshNetwork)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const poll = async (): Promise<void> => {
      await refreshNetwork(bridge)
      if (!stopped) timer = setTimeout(() => void poll(), NETWORK_POLL_MS)
    }
    void poll()
    return () => {
      stopped = true
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [bridge, refreshNetwork])
}
