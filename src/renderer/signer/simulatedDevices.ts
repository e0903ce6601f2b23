/**
 * Simulated Ledger devices in the app, offered only on the devnet and always labelled
 * "Simulated device" (ARCHITECTURE.md, "Embedded default"). Each is the devnet device of a
 * number (public mnemonic), the same the CLI's `--simulated-device N` uses, so the seeded demo
 * institution's members are the same in the app and on the command line.
 */
import type { SimulatedLedger, SimulatedUser } from '../../shared/ledger/simulator'
import {
  requireDevnet,
  simulatedConnector,
  simulatedDevice,
  type DeviceConnector,
} from '../../shared/signer'

export interface SimulatedDevices {
  connector: DeviceConnector
  devices: SimulatedLedger[]
}

/**
 * Simulated devices 0 … count - 1 for the chain `chainId`; throws `NotDevnet` on any other
 * chain. `user` scripts the simulated person (default: approves each review at once).
 */
export function devnetSimulatedDevices(
  chainId: bigint,
  count: number,
  user?: () => SimulatedUser,
): SimulatedDevices {
  requireDevnet(chainId)
  const devices = Array.from({ length: count }, (_, i) =>
    simulatedDevice(String(i), user ? { user: user() } : {}),
  )
  return { connector: simulatedConnector(devices), devices }
}
