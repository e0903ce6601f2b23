/**
 * The Custos client SDK (ARCHITECTURE.md, "Layers": src/node/client): builders of every
 * account and governance transaction as EIP-712 typed data for viem or a Ledger device, the
 * people's policy file format, a typed RPC client and end-to-end sending. Used by the CLI and
 * the app's main process.
 */
export * from './errors'
export * from './inputs'
export * from './typedData'
export * from './unsignedTx'
export * from './signer'
export * from './accountActions'
export * from './createAccountTx'
export * from './proposeTxs'
export * from './proposalTxs'
export * from './proposalFromAnswer'
export * from './govTxs'
export * from './policyJson'
export * from './rpc'
export * from './sendTx'
export * from './describe'
