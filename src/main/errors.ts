/**
 * Errors the main process raises on purpose (STYLE.md, "Errors"): one base class with a
 * stable string `code`, a message for people and `details` for logs. Refused IPC calls do not
 * throw: they answer an `IpcError` (`src/shared/ipcError.ts`), see `ipc.ts`.
 */

export type MainErrorCode =
  /** A URL was refused by `openExternal`: not https, or not on the list of vetted hosts. */
  | 'EXTERNAL_URL_REFUSED'
  /** The OS offers no real secret store for `safeStorage` (no keychain, keyring or DPAPI). */
  | 'KEY_STORAGE_UNAVAILABLE'
  /** The wrapped records key could not be unwrapped (another user, machine or keyring). */
  | 'KEY_UNWRAP_FAILED'

export interface MainErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
}

/** Base class of the main process's own errors. */
export class MainError extends Error {
  readonly code: MainErrorCode
  readonly details: Record<string, unknown>

  constructor(code: MainErrorCode, message: string, options: MainErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details ?? {}
  }
}
