/**
 * Errors of auditor exports. Same shape as the protocol's `CustosError` (a stable `code`, a
 * short message for people, `details` for logs, a `cause`), with codes of their own.
 *
 * A bundle that parses but does not verify is not an error: `verifyBundle` returns a report
 * listing each failing record. These errors are for input that cannot be checked at all, and
 * for exports that cannot be made.
 */
import { CodedError, type CodedErrorOptions } from '../../../shared/codedError'

export type ExportErrorCode =
  /** The bundle is not a `custos-export-v1` document (not JSON, wrong format, bad top level). */
  | 'EXPORT_BAD_BUNDLE'
  /** A trusted root is not `HEIGHT:HASH` with a decimal height and a 32-byte 0x-hex hash. */
  | 'EXPORT_BAD_TRUSTED_ROOT'
  /** The records lack a light block needed to verify a record from the trusted root. */
  | 'EXPORT_NO_HEADER_PATH'
  /** A stored record cannot be exported (its proof or bytes do not decode). */
  | 'EXPORT_BAD_RECORD'
  /** A file of the export cannot be written or read. */
  | 'EXPORT_UNAVAILABLE'

export type ExportErrorOptions = CodedErrorOptions

export class ExportError extends CodedError<ExportErrorCode> {}

export class BadBundle extends ExportError {
  constructor(reason: string, cause?: unknown) {
    super('EXPORT_BAD_BUNDLE', `not a custos-export-v1 bundle: ${reason}`, {
      details: { reason },
      cause,
    })
  }
}

export class BadTrustedRoot extends ExportError {
  constructor(input: string, reason: string) {
    super(
      'EXPORT_BAD_TRUSTED_ROOT',
      `trusted root ${JSON.stringify(input)} ${reason}; write it as HEIGHT:HASH, e.g. ` +
        `0:0x${'ab'.repeat(32)}`,
      { details: { input, reason } },
    )
  }
}

export class NoHeaderPath extends ExportError {
  constructor(height: bigint, reason: string) {
    super(
      'EXPORT_NO_HEADER_PATH',
      `cannot prove block ${height} from the trusted root: ${reason}. Sync the light node ` +
        'over this range, or export from a later trusted root',
      { details: { height: height.toString(), reason } },
    )
  }
}

export class BadRecord extends ExportError {
  constructor(what: string, reason: string, cause?: unknown) {
    super('EXPORT_BAD_RECORD', `${what} cannot be exported: ${reason}`, {
      details: { what, reason },
      cause,
    })
  }
}

export class ExportUnavailable extends ExportError {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('EXPORT_UNAVAILABLE', `cannot use ${path}: ${reason}`, { details: { path }, cause })
  }
}
