/**
 * One web-bridge message in, one reply out: parse the frame, check the channel, validate the
 * request with the channel's zod schema, run the same handler Electron IPC runs, and turn any
 * failure into a typed `IpcError`. Never throws.
 */
import { callHandler, toIpcError } from '../handlers'
import type { Services } from '../services/types'
import { ipcContract, isIpcChannel, type IpcChannel, type IpcParsedRequest } from '../../shared/ipc'
import { bridgeCallSchema, type BridgeCallId, type BridgeReply } from './messages'

export async function dispatch(services: Services, frame: string): Promise<BridgeReply> {
  let json: unknown
  try {
    json = JSON.parse(frame)
  } catch {
    return refuse(null, 'INVALID_REQUEST', 'the message is not JSON')
  }
  const call = bridgeCallSchema.safeParse(json)
  if (!call.success) {
    const id = idOf(json)
    return { id, ok: false, error: toIpcError(call.error) }
  }
  const { id, channel } = call.data
  if (!isIpcChannel(channel))
    return refuse(id, 'UNKNOWN_CHANNEL', `there is no channel ${JSON.stringify(channel)}`)
  const request = ipcContract[channel].request.safeParse(call.data.request ?? {})
  if (!request.success) return { id, ok: false, error: toIpcError(request.error) }
  try {
    const response = await callHandler(
      services,
      channel,
      request.data as IpcParsedRequest<IpcChannel>,
    )
    return { id, ok: true, response }
  } catch (error) {
    return { id, ok: false, error: toIpcError(error) }
  }
}

function refuse(
  id: BridgeCallId,
  code: 'INVALID_REQUEST' | 'UNKNOWN_CHANNEL',
  message: string,
): BridgeReply {
  return { id, ok: false, error: { code, message } }
}

/** The caller's id from a frame that failed validation, when it has a usable one. */
function idOf(json: unknown): BridgeCallId {
  if (typeof json !== 'object' || json === null) return null
  const id = (json as Record<string, unknown>)['id']
  return typeof id === 'number' || (typeof id === 'string' && id.length <= 100) ? id : null
}
