/**
 * Opens the records file as an encrypted SQLite database (SQLite3 Multiple Ciphers through
 * better-sqlite3-multiple-ciphers).
 *
 * Cipher: `chacha20` (ChaCha20-Poly1305, the library's default, pinned here so a change of
 * default cannot make old files unreadable). Every page is encrypted and authenticated, the
 * WAL too. Key: the caller's 32 random bytes given as a raw key, `PRAGMA key = "x'<64 hex>'"`,
 * which skips the passphrase KDF (PBKDF2): the key is already uniformly random, and the app
 * keeps it wrapped by Electron safeStorage. This is not the SQLCipher file format.
 *
 * A wrong key and a damaged file look the same to the cipher (no page authenticates), so both
 * are `RecordsWrongKey`. A plain SQLite file is recognised by its header ("SQLite format 3"),
 * and a file whose size is no whole number of pages is no database at all.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs'
import Database from 'better-sqlite3-multiple-ciphers'
import {
  RecordsBadKey,
  RecordsCorrupt,
  RecordsNotADatabase,
  RecordsNotEncrypted,
  RecordsUnavailable,
  RecordsWrongKey,
} from './errors'

export const CIPHER = 'chacha20'
export const KEY_BYTES = 32

/** The first 16 bytes of every unencrypted SQLite database file. */
const PLAIN_HEADER = 'SQLite format 3\u0000'
/** The smallest SQLite page; every database file is a whole number of pages. */
const MIN_PAGE = 512

export interface OpenDatabaseParameters {
  path: string
  key: Uint8Array
  readOnly?: boolean
}

/** Checks the file (if any) before SQLite sees it, to name what it is. */
function inspectFile(path: string): void {
  let size: number
  try {
    size = statSync(path).size
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return
    throw new RecordsUnavailable(path, error)
  }
  if (size === 0) return
  if (size < MIN_PAGE || size % MIN_PAGE !== 0)
    throw new RecordsNotADatabase(path, `its size (${size} bytes) is not a whole number of pages`)
  const head = Buffer.alloc(PLAIN_HEADER.length)
  const fd = openSync(path, 'r')
  try {
    readSync(fd, head, 0, head.length, 0)
  } finally {
    closeSync(fd)
  }
  if (head.toString('latin1') === PLAIN_HEADER) throw new RecordsNotEncrypted(path)
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code
  return typeof code === 'string' ? code : undefined
}

/**
 * Opens (creating unless read-only) the encrypted database and proves the key by reading the
 * schema. Throws a `RecordsError` for every expected failure; the connection is closed then.
 */
export function openDatabase(params: OpenDatabaseParameters): Database.Database {
  const { path, key } = params
  if (!(key instanceof Uint8Array) || key.length !== KEY_BYTES)
    throw new RecordsBadKey(key instanceof Uint8Array ? key.length : 0)
  if (path === ':memory:' || path === '')
    throw new RecordsUnavailable(
      path,
      new Error('records are kept in a file (encryption needs one)'),
    )
  inspectFile(path)
  let db: Database.Database
  try {
    const readonly = params.readOnly ?? false
    db = new Database(path, { readonly, fileMustExist: readonly })
  } catch (cause) {
    throw new RecordsUnavailable(path, cause)
  }
  try {
    db.pragma(`cipher = '${CIPHER}'`)
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`)
    db.prepare('SELECT count(*) FROM sqlite_master').get()
  } catch (cause) {
    db.close()
    const code = sqliteCode(cause)
    if (code === 'SQLITE_NOTADB') throw new RecordsWrongKey(path, cause)
    if (code?.startsWith('SQLITE_CORRUPT')) throw new RecordsCorrupt(path, { cause })
    throw new RecordsUnavailable(path, cause)
  }
  try {
    // temporary tables and sort spills stay in memory, never in plaintext temp files
    db.pragma('temp_store = MEMORY')
    if (!params.readOnly) {
      const mode = db.pragma('journal_mode = WAL', { simple: true })
      if (mode !== 'wal') throw new Error(`journal mode is ${String(mode)}, not WAL`)
    }
    db.pragma('synchronous = FULL')
    db.pragma('foreign_keys = ON')
  } catch (cause) {
    db.close()
    throw new RecordsUnavailable(path, cause)
  }
  return db
}
