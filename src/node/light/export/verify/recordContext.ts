/**
 * What every record check needs (the proven headers, the chain's domain, signature recovery,
 * the bundle's declared filter), and the error a check throws to fail its record.
 */
import type { Header } from '../../../protocol/block'
import type { CustosDomain } from '../../../protocol/eip712'
import type { RecoverAddress } from '../../../protocol/signature'
import type { FilterJson } from '../bundle/format'
import type { DerivedRecord } from '../derive/deriveRecord'
import { firstFieldDifference } from '../derive/fields'
import type { FailureCode } from './report'
import type { HeaderStatus } from './verifyHeaderChain'

export interface RecordContext {
  headers: ReadonlyMap<string, HeaderStatus>
  domain: CustosDomain
  recover?: RecoverAddress
  filter: FilterJson
}

/** A check that failed; `verifyRecord` turns it into a failure naming the record. */
export class RecordCheckFailed extends Error {
  readonly code: FailureCode

  constructor(code: FailureCode, reason: string) {
    super(reason)
    this.name = 'RecordCheckFailed'
    this.code = code
  }
}

/** The proven header at `height`, or a `HEADER_NOT_COMMITTED` failure saying why not. */
export function provenHeader(context: RecordContext, height: bigint): Header {
  const status = context.headers.get(height.toString())
  if (!status)
    throw new RecordCheckFailed(
      'HEADER_NOT_COMMITTED',
      `the bundle has no light block at height ${height}, so its header is not proven`,
    )
  if (!status.ok)
    throw new RecordCheckFailed(
      'HEADER_NOT_COMMITTED',
      `the header at height ${height} is not proven committed: ${status.reason}`,
    )
  return status.header
}

/** Fails with `RECORD_EDITED` naming the first id or field that differs from the proof. */
export function compareDerived(
  claimed: { id: string; fields: Readonly<Record<string, string>> },
  derived: DerivedRecord,
  source: string,
): void {
  if (claimed.id !== derived.id)
    throw new RecordCheckFailed(
      'RECORD_EDITED',
      `its id is ${JSON.stringify(claimed.id)}; the proven ${source} gives ${JSON.stringify(derived.id)}`,
    )
  const difference = firstFieldDifference(claimed.fields, derived.fields)
  if (difference)
    throw new RecordCheckFailed(
      'RECORD_EDITED',
      difference.derived === undefined
        ? `field ${difference.field} is not a field of this record type`
        : `field ${difference.field} is ${JSON.stringify(difference.claimed ?? null)}; ` +
            `the proven ${source} says ${JSON.stringify(difference.derived)}`,
    )
}

/** Fails with `OUTSIDE_FILTER` when the record's type or block time is outside the filter. */
export function checkFilter(context: RecordContext, type: string, header: Header): void {
  const { filter } = context
  if (filter.types && !filter.types.includes(type))
    throw new RecordCheckFailed(
      'OUTSIDE_FILTER',
      `the bundle says it holds only ${filter.types.join(', ')} records`,
    )
  const time = Number(header.timeMs)
  if (filter.from && time < Date.parse(filter.from))
    throw new RecordCheckFailed('OUTSIDE_FILTER', `its block time is before ${filter.from}`)
  if (filter.to && time >= Date.parse(filter.to))
    throw new RecordCheckFailed('OUTSIDE_FILTER', `its block time is not before ${filter.to}`)
}
