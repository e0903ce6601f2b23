/** The export filter as a bundle records it (ISO times, lowercase addresses). */
import type { Address } from '../../../protocol/messages'
import type { RecordFilter, TimeInput } from '../../records/types'
import type { FilterJson } from '../bundle/format'

const iso = (time: TimeInput | undefined): string | null =>
  time === undefined ? null : new Date(time instanceof Date ? time.getTime() : time).toISOString()

export function filterJson(filter: RecordFilter): FilterJson {
  return {
    from: iso(filter.from),
    to: iso(filter.to),
    accounts: filter.accounts ? filter.accounts.map((a) => a.toLowerCase() as Address) : null,
    types: filter.types ? [...filter.types] : null,
  }
}
