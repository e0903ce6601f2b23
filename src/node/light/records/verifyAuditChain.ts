/**
 * Verification of the audit log's hash chain, entry by entry in `seq` order, naming the first
 * fault:
 * - `missing`: a gap in the sequence (entry n absent), an entry whose predecessor is gone and
 *   whose successors were renumbered, or a tail shorter than the recorded head;
 * - `edited`: an entry whose contents no longer hash to its stored hash, or whose hash differs
 *   from the one its successor links to (edited and re-hashed);
 * - `reordered`: an entry that is genuine (its hash checks under its original number, found by
 *   following the prevHash links back to the start) but sits at another place.
 * Reads with `.iterate()`, so a long log is never loaded whole.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import { toHex } from '../../protocol/hash'
import type { Hex } from '../../protocol/messages'
import { AUDIT_GENESIS, auditHash } from './auditHash'
import { auditHead } from './auditLog'
import { RecordsCorrupt } from './errors'
import type { AuditChainFault, AuditChainResult, JsonValue } from './types'
import type { AuditRow } from './rows'
import type { AuditChainEntry } from './types'

interface Fault {
  ok: false
  seq: number
  reason: AuditChainFault
  message: string
}

const fault = (seq: number, reason: AuditChainFault, message: string): Fault => ({
  ok: false,
  seq,
  reason,
  message,
})

type Entry = AuditChainEntry

function entryOf(row: AuditRow): Entry {
  let details: JsonValue
  try {
    details = JSON.parse(row.details) as JsonValue
  } catch (cause) {
    throw new RecordsCorrupt(`audit entry ${row.seq} has unreadable details`, { cause })
  }
  return {
    seq: row.seq,
    timeMs: row.time_ms,
    user: row.user,
    action: row.action,
    details,
    prevHash: toHex(new Uint8Array(row.prev_hash)),
    hash: toHex(new Uint8Array(row.hash)),
  }
}

/** The entry's hash as if it were entry `seq`. */
const hashAs = (entry: Entry, seq: number): Hex => auditHash({ ...entry, seq })

/**
 * The number an entry had when it was written, found by following prevHash links back to the
 * genesis; undefined when a link leads to no entry (one is missing) or loops.
 */
function originalSeq(db: Database.Database, entry: Entry, total: number): number | undefined {
  const byHash = db.prepare('SELECT prev_hash FROM audit_log WHERE hash = ? LIMIT 1')
  let prev = entry.prevHash
  let seq = 1
  while (prev !== AUDIT_GENESIS) {
    const row = byHash.get(Buffer.from(prev.slice(2), 'hex')) as { prev_hash: Buffer } | undefined
    if (!row || seq > total) return undefined
    prev = toHex(new Uint8Array(row.prev_hash))
    seq++
  }
  return seq
}

/** Why entry `expected` (at its place, but not hashing as itself) is wrong. */
function diagnose(
  db: Database.Database,
  entry: Entry,
  expected: number,
  linksBack: boolean,
): Fault {
  if (linksBack)
    return fault(expected, 'edited', `audit entry ${expected} was changed after it was written`)
  const total = (db.prepare('SELECT count(*) AS n FROM audit_log').get() as { n: number }).n
  const original = originalSeq(db, entry, total)
  if (original !== undefined && original !== expected && hashAs(entry, original) === entry.hash)
    return fault(
      expected,
      'reordered',
      `audit entry ${expected} holds the entry written as number ${original}: entries were reordered`,
    )
  if (original === undefined && hashAs(entry, expected + 1) === entry.hash)
    return fault(
      expected,
      'missing',
      `audit entry ${expected} is missing (the entries after it were renumbered)`,
    )
  return fault(expected, 'edited', `audit entry ${expected} was changed after it was written`)
}

export function verifyAuditChain(db: Database.Database): AuditChainResult {
  let expected = 1
  let previous: Hex = AUDIT_GENESIS
  const rows = db
    .prepare('SELECT * FROM audit_log ORDER BY seq')
    .iterate() as IterableIterator<AuditRow>
  let result: Fault | undefined
  for (const row of rows) {
    const entry = entryOf(row)
    if (entry.seq !== expected) {
      result = fault(expected, 'missing', `audit entry ${expected} is missing`)
      break
    }
    const linksBack = entry.prevHash === previous
    if (hashAs(entry, expected) !== entry.hash) {
      result = diagnose(db, entry, expected, linksBack)
      break
    }
    if (!linksBack) {
      // a genuine entry whose predecessor is not the one it was written after
      result =
        expected === 1
          ? fault(1, 'edited', 'audit entry 1 does not start the chain')
          : fault(
              expected - 1,
              'edited',
              `audit entry ${expected - 1} was changed after it was written (entry ${expected} links to another)`,
            )
      break
    }
    previous = entry.hash
    expected++
  }
  if (result) return result
  const count = expected - 1
  const head = auditHead(db)
  if (head && head.seq > count)
    return fault(count + 1, 'missing', `audit entries ${count + 1} to ${head.seq} are missing`)
  if (head && head.seq === count && head.hash !== previous)
    return fault(count, 'edited', `audit entry ${count} was changed after it was written`)
  return { ok: true, count, head: previous }
}
