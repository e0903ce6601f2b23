/**
 * Evidence of misbehaviour the node has verified (for now: conflicting headers reported by
 * light clients, `custos_submitEvidence`). The store keeps it as the JSON it was verified in,
 * keyed by a hash of that JSON so a repeated report is stored once. Nothing is slashed: the
 * record is for operators and governance.
 */
import type Database from 'better-sqlite3'
import { fromHex, toHex } from '../protocol/hash'
import type { Hex } from '../protocol/messages'

export interface EvidenceRecord {
  /** keccak256 of `json`: the record's identity. */
  hash: Hex
  /** The height both conflicting headers claim. */
  height: bigint
  /** When this node first received it (unix milliseconds). */
  receivedMs: bigint
  /** The evidence as verified (the RPC's JSON form). */
  json: string
}

interface Row {
  hash: Buffer
  height: number | bigint
  received_ms: number | bigint
  evidence: string
}

export class EvidenceTable {
  private readonly stmts

  constructor(db: Database.Database) {
    this.stmts = {
      put: db.prepare(
        'INSERT OR IGNORE INTO evidence (hash, height, received_ms, evidence) VALUES (?, ?, ?, ?)',
      ),
      get: db.prepare('SELECT hash, height, received_ms, evidence FROM evidence WHERE hash = ?'),
      list: db.prepare(
        'SELECT hash, height, received_ms, evidence FROM evidence ORDER BY received_ms DESC, hash LIMIT ?',
      ),
    }
  }

  /** Stores a record; false when one with the same hash is already kept. */
  put(record: EvidenceRecord): boolean {
    const result = this.stmts.put.run(
      fromHex(record.hash),
      record.height,
      record.receivedMs,
      record.json,
    )
    return result.changes > 0
  }

  get(hash: Hex): EvidenceRecord | undefined {
    const row = this.stmts.get.get(fromHex(hash)) as Row | undefined
    return row ? fromRow(row) : undefined
  }

  /** The newest records first. */
  list(limit: number): EvidenceRecord[] {
    return (this.stmts.list.all(limit) as Row[]).map(fromRow)
  }
}

function fromRow(row: Row): EvidenceRecord {
  return {
    hash: toHex(new Uint8Array(row.hash)),
    height: BigInt(row.height),
    receivedMs: BigInt(row.received_ms),
    json: row.evidence,
  }
}
