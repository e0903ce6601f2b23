/**
 * What an export reads: the part of `RecordStore` it uses, declared here so an export can run
 * from any source of the same records (a read-only store, a test's in-memory records).
 */
import type { BlockRecord, RecordCounts, RecordFilter, StoredRecord } from '../../records/types'

export interface ExportSource {
  /** Records matching the filter in time order (blocks, transactions, snapshots, audit). */
  iterateRecords(filter: RecordFilter): Iterable<StoredRecord>
  counts(filter: RecordFilter): RecordCounts
  /** The recorded light block at a height. */
  block(height: bigint): BlockRecord | undefined
}
