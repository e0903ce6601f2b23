/**
 * Errors of the app's services (the embedded devnet, its demo setup, the light follower, the
 * records key). One class with a stable code (STYLE.md, "Errors").
 */

export type ServiceErrorCode =
  /** The records key in the key store is not 32 bytes. */
  | 'BAD_KEY'
  /** A validator process or the chain did not come up in time. */
  | 'DEVNET_START'
  /** The demo institution could not be set up on the devnet. */
  | 'DEMO_SETUP'
  /** The services are still starting (the demo setup runs in the background). */
  | 'NOT_READY'
  /** The app does not follow that account. */
  | 'UNKNOWN_ACCOUNT'
  /** The settings are incomplete or inconsistent. */
  | 'BAD_SETTINGS'
  /** There is no export with that id. */
  | 'UNKNOWN_EXPORT'

export class ServiceError extends Error {
  readonly code: ServiceErrorCode
  readonly details: Record<string, unknown>

  constructor(
    code: ServiceErrorCode,
    message: string,
    options: { details?: Record<string, unknown>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ServiceError'
    this.code = code
    this.details = options.details ?? {}
  }
}
