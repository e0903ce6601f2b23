/** `custos:app-info`: the build and runtime (Electron's versions are empty in the web bridge). */
import type { Handler } from './types'

export const appInfo: Handler<'custos:app-info'> = async (services) => ({
  name: services.runtime.name,
  version: services.runtime.version,
  electron: services.runtime.electron,
  chrome: services.runtime.chrome,
  node: process.versions.node,
  platform: process.platform,
})
