/**
 * Hardware-wallet signing in the app's renderer: WebHID Ledgers and, on the devnet, simulated
 * devices, behind the shared `LedgerSigner` (src/shared/signer). No UI here; screens use these.
 */
export * from './webHidConnector'
export * from './simulatedDevices'
export * from './deviceChoices'
