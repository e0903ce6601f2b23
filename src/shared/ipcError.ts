/**
 * How a refused call crosses the bridge: a stable `code`, a message for people and optional
 * details, never a stack trace (STYLE.md, "Errors"). Handlers' errors are turned into this in
 * main; the renderer and web clients read it back.
 */

/** Codes of a refused call, each with its meaning. */
export type IpcErrorCode =
  /** The request did not match the channel's schema (`details.issues` says where). */
  | 'INVALID_REQUEST'
  /** No such channel. */
  | 'UNKNOWN_CHANNEL'
  /** Not allowed: wrong web-bridge token, or a sender that is not the app's window. */
  | 'UNAUTHORIZED'
  /** Something asked for does not exist (an account the app does not follow, a proposal). */
  | 'NOT_FOUND'
  /** The network refused or could not be reached (`details.chainCode` when the chain refused). */
  | 'NETWORK'
  /** The device refused, is locked, disconnected or was not found. */
  | 'DEVICE'
  /** The services are still starting (the embedded devnet's demo setup). */
  | 'NOT_READY'
  /** Anything else; the message says what happened. */
  | 'INTERNAL'

export interface IpcError {
  code: IpcErrorCode
  message: string
  details?: Record<string, unknown>
}

/** True for a value in the `IpcError` shape. */
export function isIpcError(value: unknown): value is IpcError {
  if (typeof value !== 'object' || value === null) return false
  const { code, message } = value as Record<string, unknown>
  return typeof code === 'string' && typeof message === 'string'
}
