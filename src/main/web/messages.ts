/**
 * The web bridge's wire format, one JSON text frame each way:
 * `{ id, channel, request }` → `{ id, ok: true, response }` or `{ id, ok: false, error }`,
 * where `error` is an `IpcError`. `id` is the caller's (a number or string) and comes back as is.
 */
import { z } from 'zod'
import type { IpcChannel, IpcResponse } from '../../shared/ipc'
import type { IpcError } from '../../shared/ipcError'

export const bridgeCallSchema = z.strictObject({
  id: z.union([z.number().int(), z.string().max(100)]),
  channel: z.string().max(100),
  request: z.unknown(),
})

export type BridgeCall = z.infer<typeof bridgeCallSchema>
export type BridgeCallId = BridgeCall['id'] | null

export type BridgeReply =
  | { id: BridgeCallId; ok: true; response: IpcResponse<IpcChannel> }
  | { id: BridgeCallId; ok: false; error: IpcError }
