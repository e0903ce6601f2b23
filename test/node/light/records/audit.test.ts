/**
 * The audit log: entries chain by hash, verification names the first edited, dropped or
 * reordered entry, and the hash is recomputable from an exported entry alone. Tampering is
 * done the way someone holding the key would: through SQL, after dropping the append-only
 * triggers.
 */
import { join } from 'node:path'
import Database from 'better-sqlite3-multiple-ciphers'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import {
  AUDIT_GENESIS,
  auditEntryText,
  auditHash,
  RecordRejected,
  RecordStore,
} from '../../../../src/node/light/records'
import { concatBytes, fromHex, keccak256, toHex, utf8 } from '../../../../src/node/protocol/hash'
import { randomKey, removeTempDirs, tempDir } from './fixtures'

const ENTRIES = 8
let path: string
let key: Uint8Array
let store: RecordStore
let clock = 1_767_225_600_000

beforeEach(() => {
  path = join(tempDir(), 'records.db')
  key = randomKey()
  store = RecordStore.open({ path, key, now: () => (clock += 1000) })
  for (let i = 1; i <= ENTRIES; i++)
    store.appendAudit({
      user: i % 2 ? 'maria' : 'li.wei',
      action: 'records.view',
      details: { page: i },
    })
})

afterEach(() => {
  store.close()
  removeTempDirs()
})

/** Runs SQL on the file as an attacker with the key would (triggers dropped). */
function tamper(sql: string): void {
  store.close()
  const db = new Database(path)
  db.pragma(`cipher = 'chacha20'`)
  db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`)
  db.exec('DROP TRIGGER audit_log_no_update; DROP TRIGGER audit_log_no_delete;')
  db.exec(sql)
  db.close()
  store = RecordStore.open({ path, key })
}

describe('appendAudit', () => {
  it('numbers entries from 1 and chains each to the previous hash', () => {
    const first = store.auditEntry(1)
    const second = store.auditEntry(2)
    expect(first).toMatchObject({
      seq: 1,
      user: 'maria',
      prevHash: AUDIT_GENESIS,
      details: { page: 1 },
    })
    expect(second?.prevHash).toBe(first?.hash)
    expect(store.auditHead()).toEqual({ seq: ENTRIES, hash: store.auditEntry(ENTRIES)?.hash })
    expect(store.verifyAuditChain()).toEqual({
      ok: true,
      count: ENTRIES,
      head: store.auditEntry(ENTRIES)?.hash,
    })
  })

  it('hashes keccak256(prevHash ‖ canonical JSON without hash), recomputable offline', () => {
    const entry = store.appendAudit({
      user: 'maria',
      action: 'export.pdf',
      details: { to: 'auditor', accounts: ['0xab'], a: 1 },
      time: new Date('2026-02-01T10:00:00Z'),
    })
    const text = auditEntryText(entry)
    expect(text).toBe(
      `{"action":"export.pdf","details":{"a":1,"accounts":["0xab"],"to":"auditor"},` +
        `"prevHash":"${entry.prevHash}","seq":${ENTRIES + 1},"timeMs":1769940000000,"user":"maria"}`,
    )
    expect(entry.hash).toBe(toHex(keccak256(concatBytes(fromHex(entry.prevHash), utf8(text)))))
    expect(auditHash(entry)).toBe(entry.hash)
  })

  it('refuses what cannot be canonical JSON, and UPDATE or DELETE by SQL', () => {
    expect(() =>
      store.appendAudit({ user: 'maria', action: 'x', details: { n: 1n } as never }),
    ).toThrow(RecordRejected)
    expect(() => store.appendAudit({ user: '', action: 'x' })).toThrow(RecordRejected)
    store.close()
    const db = new Database(path)
    db.pragma(`key = "x'${Buffer.from(key).toString('hex')}'"`)
    expect(() => db.exec("UPDATE audit_log SET user = 'eve' WHERE seq = 3")).toThrow(/append-only/)
    expect(() => db.exec('DELETE FROM audit_log WHERE seq = 8')).toThrow(/append-only/)
    db.close()
    store = RecordStore.open({ path, key })
    expect(store.verifyAuditChain().ok).toBe(true)
  })

  it('appends inside a batch atomically with other writes', () => {
    expect(() =>
      store.batch((s) => {
        s.appendAudit({ user: 'maria', action: 'will.roll.back' })
        throw new Error('abort')
      }),
    ).toThrow('abort')
    expect(store.auditHead()?.seq).toBe(ENTRIES)
    expect(store.appendAudit({ user: 'maria', action: 'next' }).seq).toBe(ENTRIES + 1)
    expect(store.verifyAuditChain().ok).toBe(true)
  })
})

describe('verifyAuditChain names the first fault', () => {
  it('an edited entry', () => {
    tamper(`UPDATE audit_log SET details = '{"page":99}' WHERE seq = 5`)
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: 5, reason: 'edited' })
  })

  it('an edited entry whose hash was recomputed', () => {
    const entry = store.auditEntry(5)
    if (!entry) throw new Error('no entry 5')
    const forged = auditHash({ ...entry, user: 'eve' })
    tamper(`UPDATE audit_log SET user = 'eve', hash = x'${forged.slice(2)}' WHERE seq = 5`)
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: 5, reason: 'edited' })
  })

  it('a dropped entry', () => {
    tamper('DELETE FROM audit_log WHERE seq = 4')
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: 4, reason: 'missing' })
  })

  it('a dropped entry with the later ones renumbered', () => {
    tamper('DELETE FROM audit_log WHERE seq = 4; UPDATE audit_log SET seq = seq - 1 WHERE seq > 4')
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: 4, reason: 'missing' })
  })

  it('a dropped last entry', () => {
    tamper(`DELETE FROM audit_log WHERE seq = ${ENTRIES}`)
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: ENTRIES, reason: 'missing' })
  })

  it('reordered entries', () => {
    tamper(`UPDATE audit_log SET seq = -6 WHERE seq = 6;
            UPDATE audit_log SET seq = 6 WHERE seq = 3;
            UPDATE audit_log SET seq = 3 WHERE seq = -6;`)
    const result = store.verifyAuditChain()
    expect(result).toMatchObject({ ok: false, seq: 3, reason: 'reordered' })
    expect(result.ok || result.message).toMatch(/written as number 6/)
  })

  it('adjacent entries swapped', () => {
    tamper(`UPDATE audit_log SET seq = -2 WHERE seq = 2;
            UPDATE audit_log SET seq = 2 WHERE seq = 1;
            UPDATE audit_log SET seq = 1 WHERE seq = -2;`)
    expect(store.verifyAuditChain()).toMatchObject({ ok: false, seq: 1, reason: 'reordered' })
  })
})
