/**
 * Opening the device a person chose as a `TypedDataSigner`: a real Ledger over USB
 * (node-hid), or on the devnet a simulated device. Used by the CLI (`--ledger`,
 * `--simulated-device`) and by the app's main process.
 */
import {
  LedgerSigner,
  normalizePath,
  pathOf,
  requireDevnet,
  simulatedConnector,
  simulatedDevice,
  type DeviceConnector,
  type PendingReview,
  type SignerTimeouts,
} from '../../../shared/signer'
import type { SimulatedLedger, SimulatedUser } from '../../../shared/ledger/simulator'
import { InvalidValue } from '../../protocol/errors'
import type { CustosRpc } from '../rpc'
import type { SignableTypedData } from '../signer'
import { deviceTypedDataSigner, type DeviceTypedDataSigner } from './deviceSigner'
import { nodeHidConnector, type ModuleImporter } from './nodeHid'

/** Which device signs, and with which key on it. */
export type DeviceChoice =
  | { kind: 'ledger'; path: string }
  /** `device`: a mnemonic, or the number of a devnet device ("0", "1", …). */
  | { kind: 'simulated'; device: string; path: string }

export interface DeviceFlags {
  ledger?: boolean
  /** A derivation path, e.g. m/44'/60'/0'/0/0. */
  path?: string
  /** The Ledger Live account number: m/44'/60'/I'/0/0. */
  accountIndex?: string
  simulatedDevice?: string
}

/**
 * The device chosen by a command's flags, or undefined when none was. Throws the protocol's
 * `InvalidValue` (naming the flag) for contradicting or malformed flags.
 */
export function deviceChoiceOf(flags: DeviceFlags): DeviceChoice | undefined {
  const device = flags.ledger === true || flags.simulatedDevice !== undefined
  if (!device) {
    if (flags.path !== undefined || flags.accountIndex !== undefined)
      throw new InvalidValue(
        flags.path !== undefined ? '--path' : '--account-index',
        'applies to a device: add --ledger (or --simulated-device on the devnet)',
      )
    return undefined
  }
  if (flags.ledger === true && flags.simulatedDevice !== undefined)
    throw new InvalidValue('--simulated-device', 'give either --ledger or --simulated-device')
  if (flags.path !== undefined && flags.accountIndex !== undefined)
    throw new InvalidValue('--path', 'give either --path or --account-index')
  const path = keyPath(flags)
  return flags.simulatedDevice !== undefined
    ? { kind: 'simulated', device: flags.simulatedDevice, path }
    : { kind: 'ledger', path }
}

function keyPath(flags: DeviceFlags): string {
  if (flags.path !== undefined) {
    try {
      return normalizePath(flags.path)
    } catch (error) {
      throw new InvalidValue('--path', error instanceof Error ? error.message : String(error))
    }
  }
  const index = flags.accountIndex ?? '0'
  if (!/^\d{1,9}$/.test(index))
    throw new InvalidValue(
      '--account-index',
      `must be a whole number, got ${JSON.stringify(index)}`,
    )
  return pathOf('ledger-live', Number(index))
}

export interface OpenDeviceSignerParameters {
  choice: DeviceChoice
  /** The node the signatures are for; a simulated device needs its chain to be the devnet. */
  rpc: CustosRpc
  /** Told what the device is about to show, before each prompt. */
  onReview?: (review: PendingReview, typedData: SignableTypedData) => void
  timeouts?: Partial<SignerTimeouts>
  /** How the optional node-hid package is imported (tests). */
  importer?: ModuleImporter
  /** The simulated person holding a simulated device (default: approves at once). */
  simulatedUser?: SimulatedUser
}

export interface OpenedDeviceSigner {
  signer: DeviceTypedDataSigner
  ledger: LedgerSigner
  /** The simulated device, when one was chosen. */
  simulated?: SimulatedLedger
  close(): Promise<void>
}

/**
 * Opens the chosen device and returns the signer of its key at the chosen path. Throws
 * `NotDevnet` for a simulated device unless the node's chain id is the devnet's (7001),
 * `NodeHidMissing` when node-hid is not installed, `NoDevice` when no Ledger is connected, and
 * `DeviceError` when the device cannot answer.
 */
export async function openDeviceSigner(p: OpenDeviceSignerParameters): Promise<OpenedDeviceSigner> {
  let connector: DeviceConnector
  let simulated: SimulatedLedger | undefined
  if (p.choice.kind === 'simulated') {
    requireDevnet((await p.rpc.domain()).chainId)
    simulated = simulatedDevice(p.choice.device, p.simulatedUser ? { user: p.simulatedUser } : {})
    connector = simulatedConnector([simulated])
  } else {
    connector = nodeHidConnector(p.importer)
  }
  const ledger = new LedgerSigner({ connector, ...(p.timeouts ? { timeouts: p.timeouts } : {}) })
  try {
    const signer = await deviceTypedDataSigner({
      signer: ledger,
      path: p.choice.path,
      ...(p.onReview ? { onReview: p.onReview } : {}),
    })
    return { signer, ledger, ...(simulated ? { simulated } : {}), close: () => ledger.close() }
  } catch (error) {
    await ledger.close()
    throw error
  }
}
