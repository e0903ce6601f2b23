/**
 * Ledger devices for the client SDK in Node: the node-hid transport (optional peer
 * dependency), simulated devices for the devnet and tests, a device key as a
 * `TypedDataSigner`, and sending each intended transaction once.
 */
export * from './nodeHid'
export * from './deviceSigner'
export * from './openDeviceSigner'
export * from './OnceSender'
export * from './reviewLines'
