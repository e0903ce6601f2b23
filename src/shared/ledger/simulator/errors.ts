/**
 * Typed errors of the Ledger simulator.
 *
 * Every error has a stable string `code`, a short message for people, `details` for logs and
 * an optional `cause`. Errors that the host sees through the transport are not these: the
 * device answers a status word (see `StatusWordError`) and hw-transport turns it into its own
 * `TransportStatusError`, exactly as with a real device.
 */
import { CodedError, type CodedErrorOptions } from '../../codedError'
import type { StatusWord } from './statusWords'

export type SimulatorErrorCode =
  /** A BIP-32 path string or path bytes could not be parsed. */
  | 'INVALID_PATH'
  /** The mnemonic is not a valid BIP-39 English mnemonic. */
  | 'INVALID_MNEMONIC'
  /** The app version is not `major.minor.patch`. */
  | 'INVALID_VERSION'
  /** The scripted user's `decide` callback threw instead of deciding. */
  | 'USER_SCRIPT_FAILED'
  /** A command handler refused an APDU; the device answers `statusWord`. */
  | 'STATUS_WORD'

export type SimulatorErrorOptions = CodedErrorOptions

/** Base class of every error the simulator raises on purpose. */
export class SimulatorError extends CodedError<SimulatorErrorCode> {}

/**
 * Thrown inside the simulated app to end a command with a status word other than 0x9000.
 * The dispatcher catches it, resets the command's state and answers `statusWord`; `message`
 * says why, for logs and test failures.
 */
export class StatusWordError extends SimulatorError {
  readonly statusWord: StatusWord

  constructor(statusWord: StatusWord, reason: string, details: Record<string, unknown> = {}) {
    super('STATUS_WORD', `${reason} (0x${statusWord.toString(16)})`, {
      details: { ...details, statusWord },
    })
    this.statusWord = statusWord
  }
}
