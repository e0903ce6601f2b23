/**
 * The embedded devnet's simulated devices (ARCHITECTURE.md, "Embedded default": clearly
 * labelled, devnet only). Device `i` holds the public mnemonic `devnetDeviceMnemonic(i)`:
 * key 0 (m/44'/60'/0'/0/0) of devices 0–2 are the treasury's members, and key 1 of device 0
 * (m/44'/60'/0'/0/1) is validator-1's consensus key, so governance votes can be signed on it.
 */
import { HDKey } from '@scure/bip32'
import { mnemonicToSeedSync } from '@scure/bip39'
import { addressOfPrivateKey, toHex } from '../../node/protocol'
import type { KeyFile } from '../../node/cli/home'
import type { SimulatedLedger } from '../../shared/ledger/simulator'
import { devnetDeviceMnemonic, simulatedDevice } from '../../shared/signer'

/** How many simulated devices the demo institution has. */
export const DEVNET_DEVICE_COUNT = 3

/** The treasury members' key on each device. */
export const MEMBER_PATH = "m/44'/60'/0'/0/0"

/** The key of device 0 that is validator-1's consensus key. */
export const VALIDATOR_PATH = "m/44'/60'/0'/0/1"

export function devnetDevices(): SimulatedLedger[] {
  return Array.from({ length: DEVNET_DEVICE_COUNT }, (_, i) => simulatedDevice(String(i)))
}

/** The private key device `index` holds at `path` (public: devnet only). */
export function devnetDeviceKey(index: number, path: string): Uint8Array {
  const node = HDKey.fromMasterSeed(mnemonicToSeedSync(devnetDeviceMnemonic(index))).derive(path)
  if (!node.privateKey) throw new Error(`no private key at ${path}`)
  return node.privateKey
}

/** A key file of device `index`'s key at `path`, for a validator's home. */
export function devnetDeviceKeyFile(index: number, path: string): KeyFile {
  const key = devnetDeviceKey(index, path)
  return { address: addressOfPrivateKey(key), privateKey: toHex(key) }
}
