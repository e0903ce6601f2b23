/**
 * The one shape of every error Custos raises on purpose: a stable string `code` (callers and
 * the UI switch on it), a message for people, `details` for logs, and an optional `cause`.
 * Each family (protocol, records, export, signer, device simulator, main process) extends it
 * with its own closed set of codes.
 */
export interface CodedErrorOptions {
  details?: Record<string, unknown>
  cause?: unknown
}

export class CodedError<Code extends string = string> extends Error {
  readonly code: Code
  readonly details: Record<string, unknown>

  constructor(code: Code, message: string, options: CodedErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = new.target.name
    this.code = code
    this.details = options.details ?? {}
  }

  toJSON(): { code: Code; message: string; details: Record<string, unknown> } {
    return { code: this.code, message: this.message, details: this.details }
  }
}
