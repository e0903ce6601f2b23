/**
 * The devnet's chain id. The simulated device is offered and accepted only on a chain with
 * this id (ARCHITECTURE.md, "Embedded default": simulated Ledger devices, devnet only), so a
 * key whose mnemonic is public can never sign for a real network.
 */
import { NotDevnet } from './errors'

export const DEVNET_CHAIN_ID = 7001n

/** Throws `NotDevnet` unless `chainId` is the devnet's. */
export function requireDevnet(chainId: bigint): void {
  if (chainId !== DEVNET_CHAIN_ID) throw new NotDevnet(chainId, DEVNET_CHAIN_ID)
}
