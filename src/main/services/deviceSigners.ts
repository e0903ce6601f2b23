/**
 * One `TypedDataSigner` per device key (device id + path), kept for the app's lifetime so a
 * repeated request (a double click, a retried flow) gets the same signature without a second
 * prompt (see `deviceTypedDataSigner`).
 */
import { deviceTypedDataSigner, type DeviceTypedDataSigner } from '../../node/client/ledger'
import { normalizePath, type LedgerSigner } from '../../shared/signer'

export interface DeviceKey {
  deviceId: string
  path: string
}

export interface DeviceSigners {
  /** The signer of `key`; reads the address from the device the first time. */
  get(key: DeviceKey): Promise<DeviceTypedDataSigner>
}

export function deviceSigners(ledger: LedgerSigner): DeviceSigners {
  const signers = new Map<string, Promise<DeviceTypedDataSigner>>()
  return {
    get(key) {
      const path = normalizePath(key.path)
      const id = `${key.deviceId}\n${path}`
      let signer = signers.get(id)
      if (!signer) {
        signer = deviceTypedDataSigner({ signer: ledger, path, deviceId: key.deviceId })
        signers.set(id, signer)
        signer.catch(() => signers.delete(id))
      }
      return signer
    },
  }
}
