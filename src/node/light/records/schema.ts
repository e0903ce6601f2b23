/**
 * Numbered migrations of the records database. Each runs once, in order, inside one
 * transaction together with `PRAGMA user_version = <version>`, so a crash leaves the file at
 * the previous version or the new one. Never edit a released migration; add the next one.
 */
import type Database from 'better-sqlite3-multiple-ciphers'
import { fromHex, toHex } from '../../protocol/hash'
import { proposalIdOf } from './txFacts'

export interface Migration {
  version: number
  /** SQL to run, then an optional data step (backfills) in the same transaction. */
  sql: string
  data?: (db: Database.Database) => void
}

export const migrations: readonly Migration[] = [
  {
    version: 1,
    sql: `
      CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
      CREATE TABLE blocks (
        height INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        hash BLOB NOT NULL UNIQUE,
        header BLOB NOT NULL,
        commit_rlp BLOB NOT NULL,
        validators TEXT NOT NULL
      );
      CREATE INDEX blocks_time ON blocks (time_ms, height);
      CREATE TABLE transactions (
        id BLOB PRIMARY KEY,
        height INTEGER NOT NULL REFERENCES blocks (height),
        time_ms INTEGER NOT NULL,
        idx INTEGER NOT NULL,
        tx_count INTEGER NOT NULL,
        kind TEXT NOT NULL,
        sender TEXT NOT NULL,
        bytes BLOB NOT NULL,
        proof BLOB NOT NULL,
        UNIQUE (height, idx)
      );
      CREATE INDEX transactions_time ON transactions (time_ms, height, idx);
      CREATE TABLE transaction_accounts (
        account TEXT NOT NULL,
        tx_id BLOB NOT NULL REFERENCES transactions (id),
        PRIMARY KEY (account, tx_id)
      ) WITHOUT ROWID;
      CREATE INDEX transaction_accounts_tx ON transaction_accounts (tx_id);
      CREATE TABLE audit_log (
        seq INTEGER PRIMARY KEY,
        time_ms INTEGER NOT NULL,
        user TEXT NOT NULL,
        action TEXT NOT NULL,
        details TEXT NOT NULL,
        prev_hash BLOB NOT NULL,
        hash BLOB NOT NULL
      );
      CREATE INDEX audit_log_hash ON audit_log (hash);
      CREATE INDEX audit_log_time ON audit_log (time_ms, seq);
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
    `,
  },
  {
    // State snapshots with their proofs, and the proposal each transaction concerns (backfilled
    // from the stored envelopes).
    version: 2,
    sql: `
      ALTER TABLE transactions ADD COLUMN proposal_id BLOB;
      CREATE INDEX transactions_proposal ON transactions (proposal_id, height, idx)
        WHERE proposal_id IS NOT NULL;
      CREATE TABLE proposals (
        id BLOB NOT NULL,
        height INTEGER NOT NULL REFERENCES blocks (height),
        time_ms INTEGER NOT NULL,
        account TEXT NOT NULL,
        status TEXT NOT NULL,
        proof TEXT NOT NULL,
        PRIMARY KEY (id, height)
      );
      CREATE INDEX proposals_time ON proposals (time_ms, height);
      CREATE INDEX proposals_account ON proposals (account, time_ms);
      CREATE TABLE gov_proposals (
        id BLOB NOT NULL,
        height INTEGER NOT NULL REFERENCES blocks (height),
        time_ms INTEGER NOT NULL,
        status TEXT NOT NULL,
        proof TEXT NOT NULL,
        PRIMARY KEY (id, height)
      );
      CREATE INDEX gov_proposals_time ON gov_proposals (time_ms, height);
      CREATE TABLE policy_versions (
        account TEXT NOT NULL,
        policy_version INTEGER NOT NULL,
        height INTEGER NOT NULL REFERENCES blocks (height),
        time_ms INTEGER NOT NULL,
        proof TEXT NOT NULL,
        PRIMARY KEY (account, policy_version)
      );
      CREATE INDEX policy_versions_time ON policy_versions (time_ms, height);
      CREATE TABLE holdings (
        symbol TEXT NOT NULL,
        holder TEXT NOT NULL,
        height INTEGER NOT NULL REFERENCES blocks (height),
        time_ms INTEGER NOT NULL,
        amount TEXT NOT NULL,
        proof TEXT NOT NULL,
        PRIMARY KEY (symbol, holder, height)
      );
      CREATE INDEX holdings_time ON holdings (time_ms, height);
      CREATE INDEX holdings_holder ON holdings (holder, time_ms);
    `,
    data: (db) => {
      // in pages, so a large file is not read into memory at once
      const page = db.prepare(
        'SELECT rowid, id, bytes FROM transactions WHERE rowid > ? ORDER BY rowid LIMIT 500',
      )
      const update = db.prepare('UPDATE transactions SET proposal_id = ? WHERE rowid = ?')
      let after = 0
      for (;;) {
        const rows = page.all(after) as Array<{ rowid: number; id: Buffer; bytes: Buffer }>
        for (const row of rows) {
          const proposalId = proposalIdOf(new Uint8Array(row.bytes), toHex(row.id))
          if (proposalId !== null) update.run(fromHex(proposalId), row.rowid)
          after = row.rowid
        }
        if (rows.length < 500) break
      }
    },
  },
]

/** The newest schema version this code writes. */
export const SCHEMA_VERSION = migrations.reduce((max, m) => Math.max(max, m.version), 0)

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/**
 * Applies the migrations above the database's `user_version`, each in its own transaction.
 * `upTo` stops early (tests build old-version files with it). Returns the resulting version.
 */
export function migrate(
  db: Database.Database,
  upTo: number = SCHEMA_VERSION,
  list: readonly Migration[] = migrations,
): number {
  const current = schemaVersion(db)
  for (const m of list) {
    if (m.version <= current || m.version > upTo) continue
    db.transaction(() => {
      db.exec(m.sql)
      m.data?.(db)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
  return schemaVersion(db)
}
