/** CSV fields of an audit log entry (audit-log.csv). */
import type { AuditEntryJson } from '../bundle/format'
import type { RecordFields } from './fields'
import { jsonField } from './text'

export function auditFields(entry: AuditEntryJson): RecordFields {
  return {
    seq: String(entry.seq),
    time: new Date(entry.timeMs).toISOString(),
    user: entry.user,
    action: entry.action,
    details: jsonField(entry.details),
    prevHash: entry.prevHash,
    hash: entry.hash,
  }
}
