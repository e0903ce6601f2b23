/**
 * Real Ledger devices in the app's renderer, over WebHID (@ledgerhq/hw-transport-webhid).
 * The main process grants HID only for Ledger's vendor id and answers the device chooser
 * (src/main/hid.ts); `requestDevice()` must run in a user gesture (a click on "Connect
 * Ledger"), after which the device is listed until it is unplugged.
 *
 * A device is identified by vendor, product and its rank among identical ones, so the same
 * Ledger plugged back in after a disconnect has the same id and the signer can retry on it.
 */
import TransportWebHID from '@ledgerhq/hw-transport-webhid'
import type Transport from '@ledgerhq/hw-transport'
import {
  NoDevice,
  TransportUnavailable,
  type DeviceConnector,
  type DeviceInfo,
} from '../../shared/signer'

/** What this connector reads of a WebHID `HIDDevice`. */
interface LedgerHidDevice {
  vendorId: number
  productId: number
  productName: string
}

/** The WebHID transport class (injected in tests or for another transport build). */
export interface WebHidTransportClass {
  isSupported(): Promise<boolean>
  list(): Promise<unknown[]>
  request(): Promise<Transport>
  open(device: never): Promise<Transport>
}

export interface WebHidConnector extends DeviceConnector {
  /** Asks the person to pick their Ledger (needs a user gesture); returns it. */
  requestDevice(): Promise<DeviceInfo>
}

export function webHidConnector(
  transportClass: WebHidTransportClass = TransportWebHID as unknown as WebHidTransportClass,
): WebHidConnector {
  const devices = async (): Promise<Array<{ info: DeviceInfo; device: LedgerHidDevice }>> => {
    if (!(await transportClass.isSupported()))
      throw new TransportUnavailable(
        'This window cannot reach USB devices (WebHID is unavailable). Restart Custos; if it persists, use the CLI with --ledger.',
      )
    const listed = (await transportClass.list()) as LedgerHidDevice[]
    const seen = new Map<string, number>()
    return listed.map((device) => {
      const kind = `${device.vendorId.toString(16)}:${device.productId.toString(16)}`
      const rank = seen.get(kind) ?? 0
      seen.set(kind, rank + 1)
      return {
        device,
        info: { id: `${kind}:${rank}`, label: device.productName || 'Ledger', simulated: false },
      }
    })
  }
  return {
    async list() {
      return (await devices()).map((d) => d.info)
    },
    async open(deviceId: string) {
      const found = (await devices()).find((d) => d.info.id === deviceId)
      if (!found) throw new NoDevice('The Ledger is not connected any more.', { deviceId })
      return transportClass.open(found.device as never)
    },
    async requestDevice() {
      const transport = await transportClass.request()
      const productName = transport.deviceModel?.productName
      await transport.close()
      const listed = await devices()
      const chosen = listed.find((d) => d.device.productName === productName) ?? listed[0]
      if (!chosen) throw new NoDevice('No Ledger was chosen.')
      return chosen.info
    },
  }
}
