/**
 * The institution's local records: verified headers, its transactions with inclusion proofs,
 * proposals with their approvals, governance proposals and votes, policy versions, token
 * holdings over time, and a hash-chained audit log of what local users did — in one SQLite
 * file encrypted at rest (see `openDatabase.ts`), in WAL mode with synchronous=FULL.
 *
 * Every write is one SQLite transaction (`batch` groups several into one), so a crash leaves
 * each record, and the audit chain, whole or absent. Reads stream (`iterateRecords`).
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import type { Address, Hex } from '../../protocol/messages'
import { appendAudit, auditEntry, auditHead, type AuditHead } from './auditLog'
import { RecordsCorrupt, RecordsTooNew, RecordsUnavailable } from './errors'
import { holdingHistory, holdingsAt } from './holdings'
import { openDatabase } from './openDatabase'
import { countRecords, iterateRecords, timeMs } from './queryRecords'
import {
  govProposalFromRow,
  policyVersionFromRow,
  proposalFromRow,
  type GovProposalRow,
  type PolicyVersionRow,
  type ProposalRow,
} from './rows'
import { migrate, SCHEMA_VERSION, schemaVersion } from './schema'
import { verifyAuditChain } from './verifyAuditChain'
import {
  blockAt,
  putBlock,
  putTransaction,
  transactionById,
  transactionsOfProposal,
} from './writeChain'
import { putGovProposal, putHolding, putPolicyVersion, putProposal } from './writeSnapshots'
import type {
  AppendAuditParameters,
  AuditChainResult,
  AuditEntry,
  BlockRecord,
  GovProposalRecord,
  HoldingRecord,
  HoldingsQuery,
  PolicyVersionRecord,
  ProposalRecord,
  PutBlockParameters,
  PutGovProposalParameters,
  PutHoldingParameters,
  PutPolicyVersionParameters,
  PutProposalParameters,
  PutTransactionParameters,
  RecordCounts,
  RecordFilter,
  StoredRecord,
  TimeInput,
  TransactionRecord,
} from './types'

/** SQLite's errors for pages that fail to decrypt, authenticate or parse. */
const DAMAGE = /^SQLITE_(CORRUPT|NOTADB)/

function asCorrupt(error: unknown): unknown {
  const code = (error as { code?: unknown } | null)?.code
  if (typeof code === 'string' && DAMAGE.test(code))
    return new RecordsCorrupt(error instanceof Error ? error.message : code, { cause: error })
  return error
}

export interface RecordStoreOptions {
  /** The records file (created if absent, unless read-only). */
  path: string
  /** 32 random bytes (the app keeps them wrapped by Electron safeStorage). */
  key: Uint8Array
  /**
   * Open a second, read-only connection (e.g. for a long export that streams while the app
   * keeps writing on its own connection; WAL gives it a consistent snapshot per read).
   */
  readOnly?: boolean
  /** Clock for audit entries (unix ms); Date.now by default. */
  now?: () => number
}

/** A 0x-hex id as the BLOB the tables key it by (a malformed id matches nothing). */
function idBytes(id: Hex): Buffer {
  return Buffer.from(id.slice(2).toLowerCase(), 'hex')
}

export class RecordStore {
  readonly path: string
  readonly readOnly: boolean
  private readonly db: Database.Database
  private readonly now: () => number

  private constructor(db: Database.Database, options: RecordStoreOptions) {
    this.db = db
    this.path = options.path
    this.readOnly = options.readOnly ?? false
    this.now = options.now ?? Date.now
  }

  /**
   * Opens (creating and migrating as needed) the encrypted records file.
   *
   * @example
   * // 32 random bytes, kept on disk wrapped by Electron safeStorage (hex inside)
   * const key = Buffer.from(safeStorage.decryptString(wrappedKey), 'hex')
   * const records = RecordStore.open({ path: join(app.getPath('userData'), 'records.db'), key })
   * records.appendAudit({ user: 'maria', action: 'app.unlock' })
   *
   * Throws `RecordsWrongKey` ("the records database cannot be opened with this key"),
   * `RecordsNotEncrypted`, `RecordsNotADatabase`, `RecordsCorrupt`, `RecordsTooNew`,
   * `RecordsBadKey` or `RecordsUnavailable`; never a raw SQLite error.
   */
  static open(options: RecordStoreOptions): RecordStore {
    const db = openDatabase(options)
    try {
      const version = schemaVersion(db)
      if (version > SCHEMA_VERSION) throw new RecordsTooNew(options.path, version, SCHEMA_VERSION)
      if (options.readOnly) {
        if (version < SCHEMA_VERSION)
          throw new RecordsUnavailable(
            options.path,
            new Error(`schema version ${version} needs migrating; open it writable first`),
          )
      } else migrate(db)
    } catch (error) {
      db.close()
      throw asCorrupt(error)
    }
    return new RecordStore(db, options)
  }

  /** Reports SQLite's "damaged page" errors as `RecordsCorrupt`, others unchanged. */
  private guard<T>(fn: () => T): T {
    try {
      return fn()
    } catch (error) {
      throw asCorrupt(error)
    }
  }

  private *guardIterator<T>(source: Generator<T, void, undefined>): Generator<T, void, undefined> {
    try {
      for (;;) {
        const next = this.guard(() => source.next())
        if (next.done) return
        yield next.value
      }
    } finally {
      source.return()
    }
  }

  private write<T>(fn: () => T): T {
    if (this.readOnly)
      throw new RecordsUnavailable(this.path, new Error('this records store is open read-only'))
    return this.guard(() => this.db.transaction(fn)())
  }

  /**
   * Runs several writes as one atomic transaction (e.g. a synced block with its transactions
   * and snapshots): all are recorded, or none if `fn` throws or the process dies.
   */
  batch<T>(fn: (store: RecordStore) => T): T {
    return this.write(() => fn(this))
  }

  // ── writes ─────────────────────────────────────────────────────────────────

  /** Records a verified header with its commit and validator set (idempotent). */
  putBlock(params: PutBlockParameters): BlockRecord {
    return this.write(() => putBlock(this.db, params))
  }

  /** Records a transaction with its inclusion proof (its header must be recorded). */
  putTransaction(params: PutTransactionParameters): TransactionRecord {
    return this.write(() => putTransaction(this.db, params))
  }

  putProposal(params: PutProposalParameters): ProposalRecord {
    return this.write(() => putProposal(this.db, params))
  }

  putGovProposal(params: PutGovProposalParameters): GovProposalRecord {
    return this.write(() => putGovProposal(this.db, params))
  }

  putPolicyVersion(params: PutPolicyVersionParameters): PolicyVersionRecord {
    return this.write(() => putPolicyVersion(this.db, params))
  }

  putHolding(params: PutHoldingParameters): HoldingRecord {
    return this.write(() => putHolding(this.db, params))
  }

  /** Appends an entry to the audit log (hash-chained to the previous one). */
  appendAudit(params: AppendAuditParameters): AuditEntry {
    if (this.readOnly)
      throw new RecordsUnavailable(this.path, new Error('this records store is open read-only'))
    const time = params.time === undefined ? this.now() : timeMs(params.time)
    return this.guard(() => appendAudit(this.db, params, time))
  }

  // ── reads ──────────────────────────────────────────────────────────────────

  /**
   * Every record matching the filter, in time order, streamed from SQLite. Don't write on
   * this store while iterating (open a `readOnly` store for long exports).
   */
  iterateRecords(filter: RecordFilter = {}): Generator<StoredRecord, void, undefined> {
    return this.guardIterator(iterateRecords(this.db, filter))
  }

  counts(filter: RecordFilter = {}): RecordCounts {
    return this.guard(() => countRecords(this.db, filter))
  }

  block(height: bigint): BlockRecord | undefined {
    return this.guard(() => blockAt(this.db, height))
  }

  latestBlock(): BlockRecord | undefined {
    return this.guard(() => {
      const row = this.db.prepare('SELECT max(height) AS h FROM blocks').get() as {
        h: number | null
      }
      return row.h === null ? undefined : blockAt(this.db, BigInt(row.h))
    })
  }

  transaction(id: Hex): TransactionRecord | undefined {
    return this.guard(() => transactionById(this.db, id.toLowerCase() as Hex))
  }

  /** Transactions concerning a custody or governance proposal, in chain order. */
  proposalTransactions(proposalId: Hex): TransactionRecord[] {
    return this.guard(() => transactionsOfProposal(this.db, proposalId.toLowerCase() as Hex))
  }

  /** The ApproveProposal transactions (signed approvals) of a custody proposal. */
  approvals(proposalId: Hex): TransactionRecord[] {
    return this.proposalTransactions(proposalId).filter((t) => t.kind === 'ApproveProposal')
  }

  /** The CastVote transactions of a governance proposal. */
  votes(govProposalId: Hex): TransactionRecord[] {
    return this.proposalTransactions(govProposalId).filter((t) => t.kind === 'CastVote')
  }

  /** The latest recorded snapshot of a custody proposal. */
  proposal(id: Hex): ProposalRecord | undefined {
    return this.proposalHistory(id).at(-1)
  }

  /** Every recorded snapshot of a custody proposal, oldest first. */
  proposalHistory(id: Hex): ProposalRecord[] {
    return this.guard(() => {
      const rows = this.db
        .prepare('SELECT * FROM proposals WHERE id = ? ORDER BY height')
        .all(idBytes(id)) as ProposalRow[]
      return rows.map(proposalFromRow)
    })
  }

  /** The latest recorded snapshot of a governance proposal. */
  govProposal(id: Hex): GovProposalRecord | undefined {
    return this.guard(() => {
      const row = this.db
        .prepare('SELECT * FROM gov_proposals WHERE id = ? ORDER BY height DESC LIMIT 1')
        .get(idBytes(id)) as GovProposalRow | undefined
      return row ? govProposalFromRow(row) : undefined
    })
  }

  /** The recorded policy versions of an account, oldest first. */
  policyVersions(account: Address): PolicyVersionRecord[] {
    return this.guard(() => {
      const rows = this.db
        .prepare('SELECT * FROM policy_versions WHERE account = ? ORDER BY policy_version')
        .all(account.toLowerCase()) as PolicyVersionRow[]
      return rows.map(policyVersionFromRow)
    })
  }

  /** The balance snapshots in force at `at` (latest at or before it per symbol and holder). */
  holdingsAt(at: TimeInput, query: HoldingsQuery = {}): HoldingRecord[] {
    return this.guard(() => holdingsAt(this.db, at, query))
  }

  holdingHistory(symbol: string, holder: Address): Generator<HoldingRecord, void, undefined> {
    return this.guardIterator(holdingHistory(this.db, symbol, holder))
  }

  auditEntry(seq: number): AuditEntry | undefined {
    return this.guard(() => auditEntry(this.db, seq))
  }

  /** The last audit entry's number and hash (to anchor or export), if any. */
  auditHead(): AuditHead | undefined {
    return this.guard(() => auditHead(this.db))
  }

  /** Walks the audit chain and names the first edited, missing or reordered entry. */
  verifyAuditChain(): AuditChainResult {
    return this.guard(() => verifyAuditChain(this.db))
  }

  /** SQLite's `PRAGMA integrity_check` (every page decrypts and authenticates, indexes agree). */
  checkIntegrity(): { ok: boolean; problems: string[] } {
    let rows: Array<{ integrity_check: string }>
    try {
      rows = this.db.pragma('integrity_check') as Array<{ integrity_check: string }>
    } catch (error) {
      return { ok: false, problems: [error instanceof Error ? error.message : String(error)] }
    }
    const problems = rows
      .flatMap((r) => r.integrity_check.split('\n'))
      .filter((m) => m !== 'ok' && m !== '')
    return { ok: problems.length === 0, problems }
  }

  /** The schema version of the open file. */
  schemaVersion(): number {
    return schemaVersion(this.db)
  }

  close(): void {
    this.db.close()
  }
}
