/**
 * The signing devices the app offers: always a Ledger over USB (WebHID), and on the devnet
 * also the simulated devices, labelled as such. The UI (to come) lists these; choosing one
 * gives a `LedgerSigner` over its connector.
 */
import {
  DEVNET_CHAIN_ID,
  LedgerSigner,
  SIMULATED_DEVICE_LABEL,
  type DeviceConnector,
  type SignerTimeouts,
} from '../../shared/signer'
import { devnetSimulatedDevices } from './simulatedDevices'
import { webHidConnector } from './webHidConnector'

export interface DeviceChoice {
  kind: 'ledger' | 'simulated'
  /** "Ledger (USB)" or "Simulated device". */
  label: string
  /** One line under the label, for people. */
  description: string
  connector: DeviceConnector
}

export interface DeviceChoicesParameters {
  /** The chain the app is connected to. */
  chainId: bigint
  /** How many simulated devices the devnet demo has (default 3). */
  simulatedCount?: number
}

export function deviceChoices(p: DeviceChoicesParameters): DeviceChoice[] {
  const choices: DeviceChoice[] = [
    {
      kind: 'ledger',
      label: 'Ledger (USB)',
      description: 'Connect your Ledger, unlock it and open the Ethereum app.',
      connector: webHidConnector(),
    },
  ]
  if (p.chainId === DEVNET_CHAIN_ID)
    choices.push({
      kind: 'simulated',
      label: SIMULATED_DEVICE_LABEL,
      description:
        'Devnet only: a simulated Ledger with a public key. Never holds anything of value.',
      connector: devnetSimulatedDevices(p.chainId, p.simulatedCount ?? 3).connector,
    })
  return choices
}

/** The signer over a chosen device. */
export function signerFor(choice: DeviceChoice, timeouts?: Partial<SignerTimeouts>): LedgerSigner {
  return new LedgerSigner({ connector: choice.connector, ...(timeouts ? { timeouts } : {}) })
}
