/**
 * The preload script (bundled as `out/preload/preload.cjs`, run sandboxed with context
 * isolation): exposes the typed bridge as `window.custos`. The logic is in `preloadBridge.ts`.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { exposeBridge } from './preloadBridge'

exposeBridge({ contextBridge, ipcRenderer })
