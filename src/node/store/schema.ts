import type Database from 'better-sqlite3'

/**
 * Numbered migrations of the node store. Each runs once, in order, inside a transaction;
 * `PRAGMA user_version` records the last one applied. Never edit a released migration.
 */
export const migrations: ReadonlyArray<{ version: number; up: string }> = [
  {
    version: 1,
    up: `
      CREATE TABLE blocks (
        height INTEGER PRIMARY KEY,
        hash BLOB NOT NULL UNIQUE,
        header BLOB NOT NULL,
        block BLOB NOT NULL
      );
      CREATE TABLE commits (height INTEGER PRIMARY KEY, commit_rlp BLOB NOT NULL);
      CREATE TABLE txs (id BLOB PRIMARY KEY, height INTEGER NOT NULL, idx INTEGER NOT NULL) WITHOUT ROWID;
      CREATE TABLE state (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE trie_nodes (hash BLOB PRIMARY KEY, node BLOB NOT NULL) WITHOUT ROWID;
      CREATE TABLE meta (key TEXT PRIMARY KEY, value BLOB NOT NULL) WITHOUT ROWID;
    `,
  },
  {
    // Validator-set history for light clients (validatorSets.ts; existing stores are backfilled
    // from their head state when opened) and evidence verified by the node (evidenceTable.ts).
    version: 2,
    up: `
      CREATE TABLE validator_sets (
        from_height INTEGER PRIMARY KEY,
        hash BLOB NOT NULL,
        validators BLOB NOT NULL
      );
      CREATE TABLE evidence (
        hash BLOB PRIMARY KEY,
        height INTEGER NOT NULL,
        received_ms INTEGER NOT NULL,
        evidence TEXT NOT NULL
      ) WITHOUT ROWID;
      CREATE INDEX evidence_by_height ON evidence (height);
    `,
  },
]

export function migrate(db: Database.Database): number {
  const current = db.pragma('user_version', { simple: true }) as number
  for (const m of migrations) {
    if (m.version <= current) continue
    db.transaction(() => {
      db.exec(m.up)
      db.pragma(`user_version = ${m.version}`)
    })()
  }
  return db.pragma('user_version', { simple: true }) as number
}
