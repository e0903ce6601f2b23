import type { CustosBridge } from '../shared/bridge'

declare global {
  interface Window {
    /** Exposed by the preload script; absent when the UI runs in a plain browser. */
    readonly custos?: CustosBridge
  }
}

export {}
