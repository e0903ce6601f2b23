/**
 * The services as a transport hosts them: started, with every channel's handler bound to them,
 * the error mapping, and a stop. Electron's `bootMain` takes this shape (`RunningServices`);
 * the web bridge uses the same services through `dispatch`.
 *
 * @example
 * // src/main/index.ts
 * startServices: ({ userDataPath }) =>
 *   startRunningServices({ dataDir: userDataPath, keyStore: safeStorageKeyStore({ … }) })
 */
import { bindHandlers, toIpcError, type BoundHandlers } from '../handlers'
import type { IpcError } from '../../shared/ipcError'
import { startServices, type StartServicesOptions } from './startServices'
import type { Services } from './types'

export interface RunningServices {
  services: Services
  handlers: BoundHandlers
  toIpcError: (error: unknown) => IpcError
  stop(): Promise<void>
}

export async function startRunningServices(
  options: StartServicesOptions,
): Promise<RunningServices> {
  const services = await startServices(options)
  return {
    services,
    handlers: bindHandlers(services),
    toIpcError,
    stop: () => services.stop(),
  }
}
