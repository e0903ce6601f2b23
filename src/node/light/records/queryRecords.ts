/**
 * Reading records by filter, streaming: one statement per record type, each ordered by time,
 * merged lazily into one time-ordered sequence (`.iterate()`: memory stays one row per type,
 * however many records match). Ties in time go in `RECORD_TYPES` order, then by height.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import {
  auditFromRow,
  blockFromRow,
  govProposalFromRow,
  holdingFromRow,
  policyVersionFromRow,
  proposalFromRow,
  transactionFromRow,
} from './rows'
import {
  RECORD_TYPES,
  type RecordCounts,
  type RecordFilter,
  type RecordType,
  type StoredRecord,
  type TimeInput,
} from './types'

/** How one record type is read: its rows (FROM … WHERE …), their order and decoder. */
interface TypeQuery {
  table: string
  /** Column the `accounts` filter applies to, or an EXISTS clause; undefined: not narrowed. */
  accountMatch?: string
  order: string
  select?: string
  decode: (row: never) => StoredRecord
}

const IN_ACCOUNTS = 'IN (SELECT value FROM json_each(@accounts))'

const queries: Record<RecordType, TypeQuery> = {
  block: { table: 'blocks', order: 'time_ms, height', decode: blockFromRow },
  transaction: {
    table: 'transactions t',
    select: `t.*, (SELECT json_group_array(account) FROM transaction_accounts a
      WHERE a.tx_id = t.id) AS accounts`,
    accountMatch: `EXISTS (SELECT 1 FROM transaction_accounts m WHERE m.tx_id = t.id AND m.account ${IN_ACCOUNTS})`,
    order: 'time_ms, height, idx',
    decode: transactionFromRow,
  },
  proposal: {
    table: 'proposals',
    accountMatch: `account ${IN_ACCOUNTS}`,
    order: 'time_ms, height, id',
    decode: proposalFromRow,
  },
  govProposal: { table: 'gov_proposals', order: 'time_ms, height, id', decode: govProposalFromRow },
  policyVersion: {
    table: 'policy_versions',
    accountMatch: `account ${IN_ACCOUNTS}`,
    order: 'time_ms, height, account',
    decode: policyVersionFromRow,
  },
  holding: {
    table: 'holdings',
    accountMatch: `holder ${IN_ACCOUNTS}`,
    order: 'time_ms, height, holder, symbol',
    decode: holdingFromRow,
  },
  audit: { table: 'audit_log', order: 'time_ms, seq', decode: auditFromRow },
}

export function timeMs(time: TimeInput): number {
  return time instanceof Date ? time.getTime() : time
}

interface Bound {
  sql: string
  params: Record<string, unknown>
}

function where(type: RecordType, filter: RecordFilter): Bound {
  const q = queries[type]
  const clauses = ['time_ms >= @from', 'time_ms < @to']
  const params: Record<string, unknown> = {
    from: filter.from === undefined ? Number.MIN_SAFE_INTEGER : timeMs(filter.from),
    to: filter.to === undefined ? Number.MAX_SAFE_INTEGER : timeMs(filter.to),
  }
  if (filter.accounts && q.accountMatch) {
    clauses.push(q.accountMatch)
    params['accounts'] = JSON.stringify(filter.accounts.map((a) => a.toLowerCase()))
  }
  return { sql: `FROM ${q.table} WHERE ${clauses.join(' AND ')}`, params }
}

function selectedTypes(filter: RecordFilter): RecordType[] {
  const wanted = filter.types ? new Set(filter.types) : undefined
  return RECORD_TYPES.filter((t) => !wanted || wanted.has(t))
}

/** Records of one type matching the filter, oldest first. */
export function* iterateType(
  db: Database.Database,
  type: RecordType,
  filter: RecordFilter,
): Generator<StoredRecord, void, undefined> {
  const q = queries[type]
  const { sql, params } = where(type, filter)
  const rows = db.prepare(`SELECT ${q.select ?? '*'} ${sql} ORDER BY ${q.order}`).iterate(params)
  for (const row of rows) yield q.decode(row as never)
}

/**
 * Every record matching the filter in time order. Don't write on this connection while the
 * iteration is open (SQLite connections are busy during a read); long exports use a
 * read-only store of their own.
 */
export function* iterateRecords(
  db: Database.Database,
  filter: RecordFilter = {},
): Generator<StoredRecord, void, undefined> {
  const sources = selectedTypes(filter).map((type) => iterateType(db, type, filter))
  const heads = sources.map((s) => s.next())
  try {
    for (;;) {
      let best = -1
      for (let i = 0; i < heads.length; i++) {
        const head = heads[i]
        if (!head || head.done) continue
        const current = heads[best]
        // strict: on equal times the earlier type (lower i) wins
        if (best < 0 || (current && !current.done && head.value.timeMs < current.value.timeMs))
          best = i
      }
      const chosen = heads[best]
      const source = sources[best]
      if (best < 0 || !chosen || chosen.done || !source) return
      yield chosen.value
      heads[best] = source.next()
    }
  } finally {
    for (const source of sources) source.return()
  }
}

/** Number of records of each type matching the filter (0 for types not selected). */
export function countRecords(db: Database.Database, filter: RecordFilter = {}): RecordCounts {
  const counts = Object.fromEntries(RECORD_TYPES.map((t) => [t, 0])) as RecordCounts
  for (const type of selectedTypes(filter)) {
    const { sql, params } = where(type, filter)
    counts[type] = (db.prepare(`SELECT count(*) AS n ${sql}`).get(params) as { n: number }).n
  }
  return counts
}
