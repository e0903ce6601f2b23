/**
 * Simulated Ledger devices behind the `DeviceConnector` interface, for tests and the devnet
 * (ARCHITECTURE.md, "Embedded default": simulated devices, clearly labelled, devnet only).
 * Each is a `SimulatedLedger` speaking the Ethereum app's APDU protocol, so the signer drives
 * it through the real hw-app-eth exactly as it drives a device on USB.
 *
 * Devnet devices have public, numbered mnemonics (`devnetDeviceMnemonic`): whoever runs the
 * devnet can sign as them, which is the point of a demo and why they never sign elsewhere.
 */
import { entropyToMnemonic, validateMnemonic } from '@scure/bip39'
import { wordlist } from '@scure/bip39/wordlists/english.js'
import { keccak_256 } from '@noble/hashes/sha3.js'
import type Transport from '@ledgerhq/hw-transport'
import { SimulatedLedger, type SimulatedModel, type SimulatedUser } from '../ledger/simulator'
import type { DeviceConnector, DeviceInfo } from './DeviceConnector'
import { DeviceError, NoDevice } from './errors'

/** What every simulated device is called wherever people see it. */
export const SIMULATED_DEVICE_LABEL = 'Simulated device'

/** The mnemonic of devnet simulated device `index` (public: devnet only). */
export function devnetDeviceMnemonic(index: number): string {
  const entropy = keccak_256(new TextEncoder().encode(`custos-devnet-device:${index}`))
  return entropyToMnemonic(entropy.subarray(0, 16), wordlist)
}

/** A mnemonic, or the index of a devnet device ("0", "1", …). Throws `NoDevice` otherwise. */
export function simulatedMnemonic(mnemonicOrIndex: string): string {
  const text = mnemonicOrIndex.trim()
  if (/^\d{1,3}$/.test(text)) return devnetDeviceMnemonic(Number(text))
  const normalized = text.toLowerCase().split(/\s+/).join(' ')
  if (!validateMnemonic(normalized, wordlist))
    throw new NoDevice(
      'A simulated device needs a BIP-39 mnemonic (12 to 24 English words) or the number of a devnet device (0, 1, 2, …).',
    )
  return normalized
}

export interface SimulatedDeviceOptions {
  user?: SimulatedUser
  model?: SimulatedModel
  /** The Ethereum app version (default: the simulator's). */
  version?: string
}

/** A simulated device holding `mnemonicOrIndex` (see `simulatedMnemonic`). */
export function simulatedDevice(
  mnemonicOrIndex: string,
  options: SimulatedDeviceOptions = {},
): SimulatedLedger {
  return new SimulatedLedger({
    mnemonic: simulatedMnemonic(mnemonicOrIndex),
    ...(options.user === undefined ? {} : { user: options.user }),
    ...(options.model === undefined ? {} : { model: options.model }),
    ...(options.version === undefined ? {} : { version: options.version }),
  })
}

/**
 * A connector over simulated devices, ids `simulated-0`, `simulated-1`, ….
 * `waitForDevice` probes a disconnected device until someone calls its `reconnect()` (the
 * simulated person plugging it back in).
 */
export function simulatedConnector(devices: readonly SimulatedLedger[]): DeviceConnector {
  const byId = new Map(devices.map((device, i) => [`simulated-${i}`, device]))
  const find = (id: string): SimulatedLedger => {
    const device = byId.get(id)
    if (!device) throw new NoDevice(`There is no simulated device ${JSON.stringify(id)}.`, { id })
    return device
  }
  return {
    async list(): Promise<DeviceInfo[]> {
      return [...byId].map(([id, device], i) => ({
        id,
        label: devices.length === 1 ? SIMULATED_DEVICE_LABEL : `${SIMULATED_DEVICE_LABEL} ${i + 1}`,
        model: device.model,
        simulated: true,
      }))
    },
    async open(id: string): Promise<Transport> {
      return find(id).transport()
    },
    async waitForDevice(id: string, signal: AbortSignal): Promise<void> {
      const device = find(id)
      while (!signal.aborted) {
        if (await answers(device)) return
        await new Promise((resolve) => setTimeout(resolve, 25))
      }
      throw new DeviceError('disconnected', { details: { deviceId: id } })
    },
  }
}

/** True when the device answers GET APP AND VERSION (it is connected). */
async function answers(device: SimulatedLedger): Promise<boolean> {
  const transport = device.transport()
  try {
    await transport.send(0xb0, 0x01, 0x00, 0x00, undefined, [0x9000, 0x5515])
    return true
  } catch {
    return false
  } finally {
    await transport.close()
  }
}
