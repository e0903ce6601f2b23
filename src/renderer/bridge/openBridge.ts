/**
 * Finds the bridge the renderer talks to: the preload's `window.custos` inside Electron, or,
 * in a plain browser opened by the web bridge (`npm run web`, `…/#token=…`), a WebSocket
 * bridge to the page's own origin. Nothing else is tried, so a page opened without either
 * says so instead of guessing.
 */
import type { CustosBridge } from '../../shared/bridge'
import { connectWebBridge } from '../../shared/webBridgeClient'

/** Where the page was opened: its location's `host` and `hash`, and any preload bridge. */
export interface OpenBridgeParameters {
  preloadBridge: CustosBridge | undefined
  host: string
  hash: string
}

/** The token from a `#token=…` fragment, or undefined when there is none. */
export function tokenFromHash(hash: string): string | undefined {
  const token = new URLSearchParams(hash.replace(/^#/, '')).get('token')
  return token === null || token === '' ? undefined : token
}

/**
 * The bridge for this page. Rejects with a message for people when the page has neither a
 * preload bridge nor a web-bridge token, or the web bridge refuses the connection.
 */
export async function openBridge(p: OpenBridgeParameters): Promise<CustosBridge> {
  if (p.preloadBridge !== undefined) return p.preloadBridge
  const token = tokenFromHash(p.hash)
  if (token === undefined)
    throw new Error(
      'This page is not connected to Custos. Open it from the Custos app, or use the link printed by `npm run web` (it ends in #token=…).',
    )
  const client = await connectWebBridge({ url: `ws://${p.host}/`, token })
  return client.bridge
}
