/**
 * Status words (SW1‖SW2) the simulated device answers with, named as in LedgerHQ/app-ethereum
 * (`apdu_constants.h`, doc/ethapp.adoc "Status Words") and @ledgerhq/errors `StatusCodes`.
 */
export const StatusWords = {
  /** Normal ending of the command. */
  OK: 0x9000,
  /** The device is locked (PIN not entered); answered by the OS to every APDU. */
  LOCKED: 0x5515,
  /** Current OS dashboard: the command needs an app, and no app is open. */
  APP_NOT_OPEN: 0x6511,
  /** Incorrect length. */
  WRONG_LENGTH: 0x6700,
  /** Security status not satisfied. */
  SECURITY_NOT_SATISFIED: 0x6982,
  /** Conditions of use not satisfied: the user rejected, or a command came out of order. */
  CONDITIONS_NOT_SATISFIED: 0x6985,
  /** Command not allowed: a new personal message started while one was in progress. */
  COMMAND_NOT_ALLOWED: 0x6986,
  /** Invalid data (malformed payload, or blind signing needed but disabled). */
  INVALID_DATA: 0x6a80,
  /** Referenced data not found (EIP-712 filters announced but not all received). */
  REFERENCED_DATA_NOT_FOUND: 0x6a88,
  /** Incorrect parameter P1 or P2. */
  WRONG_P1_P2: 0x6b00,
  /** Instruction not supported by the open app (or by the dashboard). */
  INS_NOT_SUPPORTED: 0x6d00,
  /** Class not supported by the open app. */
  CLA_NOT_SUPPORTED: 0x6e00,
  /** The dashboard was asked to open an app that is not installed. */
  APP_NOT_INSTALLED: 0x6807,
} as const

export type StatusWord = (typeof StatusWords)[keyof typeof StatusWords]
