/**
 * The CSV files of an export, one per record type (RFC 4180, `csv.ts`), each with its header
 * row even when no record matched, so an auditor sees every type that was asked for.
 */
import { join } from 'node:path'
import type { RecordType } from '../../records/types'
import { csvRow } from '../csv'
import { recordColumns } from '../derive/columns'
import type { RecordFields } from '../derive/fields'
import { FileSink } from './fileSink'

export const csvFileNames: Record<RecordType, string> = {
  block: 'blocks.csv',
  transaction: 'transactions.csv',
  proposal: 'proposals.csv',
  govProposal: 'gov-proposals.csv',
  policyVersion: 'policy-versions.csv',
  holding: 'holdings.csv',
  audit: 'audit-log.csv',
}

export class CsvFiles {
  private readonly sinks = new Map<RecordType, FileSink>()

  constructor(
    private readonly directory: string,
    types: readonly RecordType[],
  ) {
    for (const type of types) {
      const sink = new FileSink(join(directory, csvFileNames[type]))
      sink.write(csvRow(recordColumns[type]))
      this.sinks.set(type, sink)
    }
  }

  /** Writes one row of `type` (ignored when that type is not exported). */
  row(type: RecordType, fields: RecordFields): void {
    const sink = this.sinks.get(type)
    if (!sink) return
    sink.write(csvRow(recordColumns[type].map((column) => fields[column] ?? '')))
  }

  /** Closes every file; returns type → path. */
  close(): Partial<Record<RecordType, string>> {
    const paths: Partial<Record<RecordType, string>> = {}
    for (const [type, sink] of this.sinks) {
      sink.close()
      paths[type] = join(this.directory, csvFileNames[type])
    }
    return paths
  }
}
