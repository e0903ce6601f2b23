/**
 * Signs a transaction on a device and sends it (`sendTx`: dry run, submit, wait for the
 * block), answering what the bridge carries: the transaction id, its height and its signer.
 */
import { sendTx, type TxContext, type UnsignedTxRequest } from '../../node/client'
import type { DeviceKey } from '../services/deviceSigners'
import type { Services } from '../services/types'

export interface SentOut {
  id: `0x${string}`
  height: string
  signer: `0x${string}`
}

export async function sendWithDevice(
  services: Services,
  key: DeviceKey,
  build: (ctx: TxContext) => UnsignedTxRequest,
): Promise<SentOut> {
  const signer = await services.deviceSigners.get(key)
  const sent = await sendTx({ rpc: services.rpc, signer, build })
  return { id: sent.id, height: sent.committed?.height ?? '0', signer: signer.address }
}
