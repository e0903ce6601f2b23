/**
 * An isomorphic simulator of a Ledger device running the Ethereum app, for tests and the
 * devnet. See `SimulatedLedger`.
 */
export { SimulatedLedger } from './SimulatedLedger'
export { SimulatedTransport } from './SimulatedTransport'
export { StatusWords, type StatusWord } from './statusWords'
export { SimulatorError, StatusWordError, type SimulatorErrorCode } from './errors'
export { TEST_MNEMONIC } from './testMnemonic'
export type { EthAddress } from './address'
export type {
  DeviceReview,
  DisplayedScreen,
  RecordedApdu,
  ReviewDecision,
  ReviewKind,
  SimulatedApp,
  SimulatedLedgerOptions,
  SimulatedModel,
  SimulatedUser,
} from './types'
