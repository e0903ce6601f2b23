/**
 * A handler answers one channel: a plain async function of the services and the validated
 * request, so Electron IPC (`src/main/ipc.ts`) and the web bridge call the same code.
 */
import type { IpcChannel, IpcParsedRequest, IpcResponse } from '../../shared/ipc'
import type { Services } from '../services/types'

export type Handler<C extends IpcChannel> = (
  services: Services,
  request: IpcParsedRequest<C>,
) => Promise<IpcResponse<C>>
