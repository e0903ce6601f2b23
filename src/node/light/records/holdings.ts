/**
 * Token holdings over time: the balance snapshots in force at a moment, and one holder's
 * history of a token.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import type { Address } from '../../protocol/messages'
import { timeMs } from './queryRecords'
import { holdingFromRow, type HoldingRow } from './rows'
import type { HoldingRecord, HoldingsQuery, TimeInput } from './types'

/**
 * For each (symbol, holder) recorded, its latest snapshot at or before `at`, sorted by holder
 * then symbol. Zero balances are included: they are proven too (a holder who sold out).
 */
export function holdingsAt(
  db: Database.Database,
  at: TimeInput,
  query: HoldingsQuery = {},
): HoldingRecord[] {
  const clauses = ['time_ms <= @at']
  const params: Record<string, unknown> = { at: timeMs(at) }
  if (query.holders) {
    clauses.push('holder IN (SELECT value FROM json_each(@holders))')
    params['holders'] = JSON.stringify(query.holders.map((h) => h.toLowerCase()))
  }
  if (query.symbols) {
    clauses.push('symbol IN (SELECT value FROM json_each(@symbols))')
    params['symbols'] = JSON.stringify(query.symbols)
  }
  const rows = db
    .prepare(
      `SELECT h.* FROM holdings h JOIN (
         SELECT symbol, holder, MAX(height) AS height FROM holdings
         WHERE ${clauses.join(' AND ')} GROUP BY symbol, holder
       ) latest USING (symbol, holder, height)
       ORDER BY h.holder, h.symbol`,
    )
    .all(params) as HoldingRow[]
  return rows.map(holdingFromRow)
}

/** Every snapshot of `holder`'s balance of `symbol`, oldest first. */
export function* holdingHistory(
  db: Database.Database,
  symbol: string,
  holder: Address,
): Generator<HoldingRecord, void, undefined> {
  const rows = db
    .prepare('SELECT * FROM holdings WHERE symbol = ? AND holder = ? ORDER BY height')
    .iterate(symbol, holder.toLowerCase())
  for (const row of rows) yield holdingFromRow(row as HoldingRow)
}
