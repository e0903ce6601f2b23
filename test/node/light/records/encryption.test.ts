/**
 * Encryption at rest: the file and its WAL hold no plaintext, plain SQLite cannot read them,
 * and every way of opening the wrong thing ends in a typed error, never a crash.
 */
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import PlainDatabase from 'better-sqlite3'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterAll, describe, expect, it } from 'vitest'
import {
  RecordsBadKey,
  RecordsCorrupt,
  RecordsError,
  RecordsNotADatabase,
  RecordsNotEncrypted,
  RecordStore,
  RecordsUnavailable,
  RecordsWrongKey,
  type RecordsErrorCode,
} from '../../../../src/node/light/records'
import {
  alice,
  bob,
  randomKey,
  removeTempDirs,
  SyntheticState,
  syntheticBlock,
  tempDir,
  transfer,
} from './fixtures'

afterAll(removeTempDirs)

const MEMBER = 'Annika Lindqvist-Okonkwo'

/** Opens and expects a RecordsError of `cls` with `code`; returns it. */
function openFails<E extends RecordsError>(
  open: () => unknown,
  cls: abstract new (...args: never[]) => E,
  code: RecordsErrorCode,
): E {
  let caught: unknown
  try {
    open()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(cls)
  expect((caught as E).code).toBe(code)
  return caught as E
}

/** A records file with a member's name in it, in the audit log and (as bytes) elsewhere. */
function filledStore(path: string, key: Uint8Array): RecordStore {
  const store = RecordStore.open({ path, key })
  const state = new SyntheticState()
  const root = state.apply([['balance/ACME/' + bob.address, 5n]])
  const tx = transfer(alice, bob.address, 0n)
  const block = syntheticBlock(1n, 1_767_225_601_000n, [tx], root)
  store.putBlock(block.block)
  store.putTransaction(block.tx(0, [bob.address]))
  for (let i = 0; i < 50; i++)
    store.appendAudit({ user: MEMBER, action: 'records.view', details: { member: MEMBER, i } })
  return store
}

function contains(file: string, text: string): boolean {
  return existsSync(file) && readFileSync(file).includes(Buffer.from(text, 'utf8'))
}

describe('encryption at rest', () => {
  it('leaves no plaintext in the file or its WAL, open or closed', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    const store = filledStore(path, key)
    // while open, the records sit in the WAL
    expect(contains(`${path}-wal`, MEMBER)).toBe(false)
    expect(contains(path, MEMBER)).toBe(false)
    store.close()
    for (const file of [path, `${path}-wal`, `${path}-shm`]) {
      expect(contains(file, MEMBER), file).toBe(false)
      expect(contains(file, 'SQLite format 3'), file).toBe(false)
      expect(contains(file, 'audit_log'), file).toBe(false)
    }
    // the same data in a plain SQLite file is readable (the check above can find it)
    const plainPath = join(tempDir(), 'plain.db')
    const plain = new PlainDatabase(plainPath)
    plain.exec('CREATE TABLE t (v TEXT)')
    plain.prepare('INSERT INTO t VALUES (?)').run(MEMBER)
    plain.close()
    expect(contains(plainPath, MEMBER)).toBe(true)
  })

  it('is unreadable to plain SQLite, and reopens with the key', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    filledStore(path, key).close()
    const plain = new PlainDatabase(path)
    expect(() => plain.prepare('SELECT * FROM sqlite_master').all()).toThrow(/not a database/)
    plain.close()
    const store = RecordStore.open({ path, key })
    expect(store.counts()).toMatchObject({ block: 1, transaction: 1, audit: 50 })
    expect(store.verifyAuditChain()).toMatchObject({ ok: true, count: 50 })
    store.close()
  })
})

describe('opening the wrong thing', () => {
  it('a wrong key: "the records database cannot be opened with this key"', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    filledStore(path, key).close()
    const error = openFails(
      () => RecordStore.open({ path, key: randomKey() }),
      RecordsWrongKey,
      'RECORDS_WRONG_KEY',
    )
    expect(error.message).toMatch(/^the records database cannot be opened with this key/)
    // read-only too, and a failed attempt leaves the file intact
    openFails(
      () => RecordStore.open({ path, key: randomKey(), readOnly: true }),
      RecordsWrongKey,
      'RECORDS_WRONG_KEY',
    )
    const store = RecordStore.open({ path, key })
    expect(store.counts().audit).toBe(50)
    store.close()
  })

  it('a key that is not 32 bytes', () => {
    const path = join(tempDir(), 'records.db')
    openFails(
      () => RecordStore.open({ path, key: new Uint8Array(16) }),
      RecordsBadKey,
      'RECORDS_BAD_KEY',
    )
    expect(existsSync(path)).toBe(false)
  })

  it('an unencrypted SQLite database', () => {
    const path = join(tempDir(), 'plain.db')
    const plain = new PlainDatabase(path)
    plain.exec('CREATE TABLE t (v TEXT)')
    plain.close()
    openFails(
      () => RecordStore.open({ path, key: randomKey() }),
      RecordsNotEncrypted,
      'RECORDS_NOT_ENCRYPTED',
    )
  })

  it('a file that is not a database', () => {
    const path = join(tempDir(), 'notes.txt')
    writeFileSync(path, 'quarterly holdings, not a database\n'.repeat(40))
    const error = openFails(
      () => RecordStore.open({ path, key: randomKey() }),
      RecordsNotADatabase,
      'RECORDS_NOT_A_DATABASE',
    )
    expect(error.message).toMatch(/not a whole number of pages/)
    // page-sized noise cannot be told from another key's database
    const noise = join(tempDir(), 'noise.db')
    writeFileSync(noise, randomBytes(8192))
    openFails(
      () => RecordStore.open({ path: noise, key: randomKey() }),
      RecordsWrongKey,
      'RECORDS_WRONG_KEY',
    )
  })

  it('a damaged file: RecordsCorrupt at open, or on use when the schema pages are intact', () => {
    const page = 4096
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    const store = RecordStore.open({ path, key })
    for (let i = 0; i < 400; i++)
      store.appendAudit({ user: MEMBER, action: 'records.view', details: { pad: 'x'.repeat(400) } })
    store.close()
    // a leaf page of the audit log, found with SQLite's dbstat
    const plainKeyed = new Database(path)
    plainKeyed.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`)
    const leaf = plainKeyed
      .prepare(
        "SELECT pageno FROM dbstat WHERE name = 'audit_log' AND pagetype = 'leaf' LIMIT 1 OFFSET 5",
      )
      .pluck()
      .get() as number
    plainKeyed.close()
    const intact = readFileSync(path)
    expect(intact.length).toBeGreaterThan(40 * page)

    // every page but the first damaged: the schema does not read
    const everywhere = Buffer.from(intact)
    for (let offset = page + 100; offset < everywhere.length; offset += page)
      everywhere[offset] ^= 0xff
    writeFileSync(path, everywhere)
    openFails(() => RecordStore.open({ path, key }), RecordsCorrupt, 'RECORDS_CORRUPT')

    // that one page damaged: the file opens, and using it reports the damage
    const onePage = Buffer.from(intact)
    const victim = (leaf - 1) * page + 100
    onePage[victim] = (onePage[victim] ?? 0) ^ 0xff
    writeFileSync(path, onePage)
    const damaged = RecordStore.open({ path, key })
    try {
      expect(damaged.checkIntegrity().ok).toBe(false)
      expect(() => damaged.verifyAuditChain()).toThrow(RecordsCorrupt)
      expect(() => [...damaged.iterateRecords({ types: ['audit'] })]).toThrow(RecordsCorrupt)
    } finally {
      damaged.close()
    }
  })

  it('a folder that does not exist', () => {
    const path = join(tempDir(), 'missing', 'records.db')
    openFails(
      () => RecordStore.open({ path, key: randomKey() }),
      RecordsUnavailable,
      'RECORDS_UNAVAILABLE',
    )
    mkdirSync(join(path, '..'))
    RecordStore.open({ path, key: randomKey() }).close()
  })
})
