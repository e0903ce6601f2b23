/**
 * The hardware-wallet signer core, shared by the app (WebHID, simulated device) and the CLI
 * (node-hid, simulated device): `LedgerSigner` over a `DeviceConnector`, the EIP-712 forms and
 * hashes a Ledger takes, a preview of what the device shows, and typed device errors.
 */
export * from './errors'
export * from './deviceErrorOf'
export * from './paths'
export * from './typedData'
export * from './signingMode'
export * from './preview'
export * from './DeviceQueue'
export * from './DeviceConnector'
export * from './ethereumApp'
export * from './recover'
export * from './devnet'
export * from './signOnDevice'
export * from './LedgerSigner'
export * from './discovery'
export * from './simulatedConnector'
