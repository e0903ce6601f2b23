/**
 * Errors of the local records database. Each has a stable `code` the app switches on, a short
 * message for people (what is wrong and what to do), `details` for logs and a `cause`.
 */
import { CodedError, type CodedErrorOptions } from '../../../shared/codedError'

export type RecordsErrorCode =
  /** The key is not 32 bytes. */
  | 'RECORDS_BAD_KEY'
  /** The file is an encrypted database that this key does not open (wrong key, or damaged). */
  | 'RECORDS_WRONG_KEY'
  /** The file is a plain, unencrypted SQLite database: records are only kept encrypted. */
  | 'RECORDS_NOT_ENCRYPTED'
  /** The file is not a database at all (its size or contents rule it out). */
  | 'RECORDS_NOT_A_DATABASE'
  /** The database opened but is damaged (integrity check failed, a stored record is unreadable). */
  | 'RECORDS_CORRUPT'
  /** The database was written by a newer version of Custos (a schema version this one lacks). */
  | 'RECORDS_TOO_NEW'
  /** The file cannot be opened or created (missing folder, permissions, disk). */
  | 'RECORDS_UNAVAILABLE'
  /** A record is refused: inconsistent with itself or with the recorded headers. */
  | 'RECORD_REJECTED'

export type RecordsErrorOptions = CodedErrorOptions

/** Base class of every error the records database raises on purpose. */
export class RecordsError extends CodedError<RecordsErrorCode> {}

export class RecordsBadKey extends RecordsError {
  constructor(length: number) {
    super('RECORDS_BAD_KEY', `the records key must be 32 bytes; got ${length}`, {
      details: { length },
    })
  }
}

export class RecordsWrongKey extends RecordsError {
  constructor(path: string, cause?: unknown) {
    super(
      'RECORDS_WRONG_KEY',
      'the records database cannot be opened with this key: the key is wrong or the file is ' +
        'damaged. Restore the key (or the file) from backup',
      { details: { path }, cause },
    )
  }
}

export class RecordsNotEncrypted extends RecordsError {
  constructor(path: string) {
    super(
      'RECORDS_NOT_ENCRYPTED',
      `${path} is an unencrypted SQLite database; records are only kept encrypted. ` +
        'Move the file away and let the app create a new one',
      { details: { path } },
    )
  }
}

export class RecordsNotADatabase extends RecordsError {
  constructor(path: string, reason: string) {
    super('RECORDS_NOT_A_DATABASE', `${path} is not a records database: ${reason}`, {
      details: { path, reason },
    })
  }
}

export class RecordsCorrupt extends RecordsError {
  constructor(message: string, options?: RecordsErrorOptions) {
    super('RECORDS_CORRUPT', `the records database is damaged: ${message}`, options)
  }
}

export class RecordsTooNew extends RecordsError {
  constructor(path: string, version: number, supported: number) {
    super(
      'RECORDS_TOO_NEW',
      `${path} has records schema version ${version}; this version of Custos reads up to ` +
        `${supported}. Update Custos to open it`,
      { details: { path, version, supported } },
    )
  }
}

export class RecordsUnavailable extends RecordsError {
  constructor(path: string, cause: unknown) {
    const reason = cause instanceof Error ? cause.message : String(cause)
    super('RECORDS_UNAVAILABLE', `cannot open ${path}: ${reason}`, { details: { path }, cause })
  }
}

export class RecordRejected extends RecordsError {
  constructor(message: string, details?: Record<string, unknown>, cause?: unknown) {
    super('RECORD_REJECTED', message, { details: details ?? {}, cause })
  }
}

export function isRecordsError(value: unknown): value is RecordsError {
  return value instanceof RecordsError
}
