/**
 * Appending to the audit log. An append reads the last entry and writes the next one and the
 * head marker in one IMMEDIATE transaction, so entries are numbered without gaps and a crash
 * leaves the chain whole (the new entry is in, or not). Triggers refuse UPDATE and DELETE.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import { fromHex, toHex } from '../../protocol/hash'
import type { Hex } from '../../protocol/messages'
import { canonicalJson } from '../../protocol/rpcAuth'
import { AUDIT_GENESIS, auditHash } from './auditHash'
import { RecordRejected } from './errors'
import { auditFromRow, type AuditRow } from './rows'
import { statement } from './statements'
import type { AppendAuditParameters, AuditEntry, JsonValue } from './types'

/** Meta key of the last entry's `{ seq, hash }`: detects a truncated tail. */
export const AUDIT_HEAD_KEY = 'audit_head'

export interface AuditHead {
  seq: number
  hash: Hex
}

function checkText(field: string, value: unknown): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > 1000)
    throw new RecordRejected(`audit ${field} must be a non-empty string of at most 1000 characters`)
  return value
}

export function appendAudit(
  db: Database.Database,
  params: AppendAuditParameters,
  nowMs: number,
): AuditEntry {
  const user = checkText('user', params.user)
  const action = checkText('action', params.action)
  const details: JsonValue = params.details ?? {}
  let detailsText: string
  try {
    detailsText = canonicalJson(details)
  } catch (cause) {
    throw new RecordRejected(
      'audit details must be plain JSON (no bigints, no undefined)',
      {},
      cause,
    )
  }
  if (!Number.isSafeInteger(nowMs) || nowMs < 0)
    throw new RecordRejected(`audit time ${nowMs} is not a time in unix milliseconds`)
  const write = db.transaction((): AuditEntry => {
    const last = statement(
      db,
      'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1',
    ).get() as { seq: number; hash: Buffer } | undefined
    const seq = (last?.seq ?? 0) + 1
    const prevHash = last ? toHex(new Uint8Array(last.hash)) : AUDIT_GENESIS
    const body = {
      seq,
      timeMs: nowMs,
      user,
      action,
      details: JSON.parse(detailsText) as JsonValue,
      prevHash,
    }
    const hash = auditHash(body)
    statement(
      db,
      'INSERT INTO audit_log (seq, time_ms, user, action, details, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?)',
    ).run(seq, nowMs, user, action, detailsText, fromHex(prevHash), fromHex(hash))
    statement(
      db,
      'INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
    ).run(AUDIT_HEAD_KEY, JSON.stringify({ seq, hash } satisfies AuditHead))
    return { type: 'audit', ...body, hash }
  })
  return write.immediate()
}

export function auditHead(db: Database.Database): AuditHead | undefined {
  const row = statement(db, 'SELECT value FROM meta WHERE key = ?').get(AUDIT_HEAD_KEY) as
    { value: string } | undefined
  return row === undefined ? undefined : (JSON.parse(row.value) as AuditHead)
}

export function auditEntry(db: Database.Database, seq: number): AuditEntry | undefined {
  const row = statement(db, 'SELECT * FROM audit_log WHERE seq = ?').get(seq) as
    AuditRow | undefined
  return row ? auditFromRow(row) : undefined
}
