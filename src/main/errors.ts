/**
 * Errors the main process raises on purpose (STYLE.md, "Errors"): one base class with a
 * stable string `code`, a message for people and `details` for logs. Refused IPC calls do not
 * throw: they answer an `IpcError` (`src/shared/ipcError.ts`), see `ipc.ts`.
 */
import { CodedError, type CodedErrorOptions } from '../shared/codedError'

export type MainErrorCode =
  /** A URL was refused by `openExternal`: not https, or not on the list of vetted hosts. */
  | 'EXTERNAL_URL_REFUSED'
  /** The OS offers no real secret store for `safeStorage` (no keychain, keyring or DPAPI). */
  | 'KEY_STORAGE_UNAVAILABLE'
  /** The wrapped records key could not be unwrapped (another user, machine or keyring). */
  | 'KEY_UNWRAP_FAILED'

export type MainErrorOptions = CodedErrorOptions

/** Base class of the main process's own errors. */
export class MainError extends CodedError<MainErrorCode> {}
