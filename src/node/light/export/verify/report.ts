/**
 * The report of `verifyBundle`: whether everything verified, how much was checked, and each
 * failing item with the place it has in the bundle and what exactly failed.
 */

export type FailureCode =
  /** The item does not have the bundle format's shape (a field missing, of the wrong form). */
  | 'MALFORMED'
  /** The first light block is not the trusted root the auditor gave. */
  | 'TRUSTED_ROOT_MISMATCH'
  /** A header is not proven committed from the trusted root (bad commit, broken chain). */
  | 'HEADER_NOT_COMMITTED'
  /** A Merkle or state proof does not prove the record against its header. */
  | 'BAD_PROOF'
  /** A field, or the id, differs from what the proven transaction or value says. */
  | 'RECORD_EDITED'
  /** An entry of a hash chain (the audit log) is missing before this one. */
  | 'MISSING_FROM_CHAIN'
  /** An entry of a hash chain sits at the wrong place. */
  | 'REORDERED'
  /** The record lies outside the time range or types the bundle says it was exported for. */
  | 'OUTSIDE_FILTER'
  /** The record contradicts another record of the bundle (same block, other tx count). */
  | 'INCONSISTENT'

/** Which item failed: its section, its type, its id (an audit entry: its seq), its index. */
export interface FailedItem {
  section: 'bundle' | 'lightBlocks' | 'records' | 'auditLog'
  type: string
  id: string
  index: number
}

export interface VerifyFailure {
  record: FailedItem
  code: FailureCode
  reason: string
}

export interface VerifyReport {
  ok: boolean
  /** Items checked: light blocks + records + audit entries. */
  checked: number
  /** Items checked per section and record type. */
  counts: Record<string, number>
  failures: VerifyFailure[]
}

/** `type id (section[index])`, e.g. `transaction 0xab… (records[4])`. */
export function describeItem(item: FailedItem): string {
  return `${item.type} ${item.id} (${item.section}[${item.index}])`
}
