/**
 * The far side of the signer: how devices are found and opened (STYLE.md, "Transports sit
 * behind an interface"). The app plugs WebHID or the simulated device behind it, the CLI
 * node-hid or the simulated device, tests the simulator; the signer above is the same.
 */
import type Transport from '@ledgerhq/hw-transport'
import { DeviceError } from './errors'

export interface DeviceInfo {
  /** Stable while the device stays connected (a HID path, a serial number, "simulated-0"). */
  id: string
  /** For people: "Ledger Nano S Plus", or "Simulated device" (devnet only). */
  label: string
  /** @ledgerhq/devices model id, when known. */
  model?: string
  /** True for the simulated device; the app labels it and offers it only on the devnet. */
  simulated: boolean
}

export interface DeviceConnector {
  /** The devices connected now. */
  list(): Promise<DeviceInfo[]>
  /** Opens a transport to a listed device (again, after a disconnect). */
  open(deviceId: string): Promise<Transport>
  /**
   * Resolves once `deviceId` can be opened again after a disconnect; rejects when `signal`
   * aborts. Optional: without it the signer polls `list()`.
   */
  waitForDevice?(deviceId: string, signal: AbortSignal): Promise<void>
}

/** Polls `connector.list()` until `deviceId` is listed again, or `timeoutMs` passes. */
export async function waitUntilListed(
  connector: DeviceConnector,
  deviceId: string,
  timeoutMs: number,
  intervalMs = 200,
): Promise<void> {
  const signal = AbortSignal.timeout(timeoutMs)
  if (connector.waitForDevice) {
    try {
      return await connector.waitForDevice(deviceId, signal)
    } catch (cause) {
      throw reconnectFailed(deviceId, timeoutMs, cause)
    }
  }
  while (!signal.aborted) {
    try {
      if ((await connector.list()).some((d) => d.id === deviceId)) return
    } catch {
      // listing can fail while the USB stack settles; keep polling
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
  throw reconnectFailed(deviceId, timeoutMs)
}

function reconnectFailed(deviceId: string, timeoutMs: number, cause?: unknown): DeviceError {
  return new DeviceError('disconnected', {
    details: { deviceId, waitedMs: timeoutMs },
    ...(cause === undefined ? {} : { cause }),
  })
}
