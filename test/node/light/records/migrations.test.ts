/**
 * Schema migrations: a file written at version 1 (before state snapshots and the proposal
 * index existed) opens at the current version with its records kept and the index backfilled
 * from the stored envelopes; a failed migration changes nothing; a newer file is refused.
 */
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import {
  RecordStore,
  RecordsTooNew,
  RecordsUnavailable,
  SCHEMA_VERSION,
} from '../../../../src/node/light/records'
import { appendAudit } from '../../../../src/node/light/records/auditLog'
import { openDatabase } from '../../../../src/node/light/records/openDatabase'
import { migrate, migrations, schemaVersion } from '../../../../src/node/light/records/schema'
import { putBlock } from '../../../../src/node/light/records/writeChain'
import { encodeTx, fromHex, signTx, txDigest, type Hex } from '../../../../src/node/protocol'
import {
  alice,
  bob,
  randomKey,
  removeTempDirs,
  SyntheticState,
  syntheticBlock,
  tempDir,
  testDomain,
  transfer,
} from './fixtures'

afterAll(removeTempDirs)

const ACCOUNT = '0x00000000000000000000000000000000000acc01'
const PROPOSAL: Hex = `0x${'ab'.repeat(32)}`

/** A signed approval of PROPOSAL by bob. */
function approval() {
  const tx = signTx({
    domain: testDomain,
    kind: 'ApproveProposal',
    message: {
      account: ACCOUNT,
      proposalId: PROPOSAL,
      action: {
        kind: 'transfer',
        symbol: 'EURC',
        counterparty: alice.address,
        amount: 10n,
        reference: `0x${'00'.repeat(32)}`,
      },
      policyVersion: 1n,
      nonce: 0n,
      validUntil: 4_102_444_800n,
    },
    privateKey: bob.key,
  })
  return { bytes: encodeTx(tx), id: txDigest(testDomain, tx) }
}

/** Writes a version-1 file the way version-1 code did: a block, two transactions, audit. */
function versionOneFile(path: string, key: Uint8Array): { ids: Hex[] } {
  const db = openDatabase({ path, key })
  expect(migrate(db, 1)).toBe(1)
  const txs = [approval(), transfer(alice, bob.address, 0n)]
  const block = syntheticBlock(1n, 1_767_225_601_000n, txs, new SyntheticState().apply([['x', 1n]]))
  putBlock(db, block.block)
  const insert = db.prepare(
    `INSERT INTO transactions (id, height, time_ms, idx, tx_count, kind, sender, bytes, proof)
     VALUES (?, 1, 1767225601000, ?, 2, ?, ?, ?, ?)`,
  )
  txs.forEach((tx, i) => {
    const put = block.tx(i, [])
    insert.run(
      fromHex(tx.id),
      i,
      i === 0 ? 'ApproveProposal' : 'Transfer',
      i === 0 ? bob.address : alice.address,
      tx.bytes,
      Buffer.concat(put.proof.map((p) => fromHex(p as Hex))),
    )
  })
  appendAudit(db, { user: 'maria', action: 'app.unlock' }, 1_767_225_700_000)
  db.close()
  return { ids: txs.map((t) => t.id) }
}

describe('migrations', () => {
  it('bring a version-1 file forward, keeping its records and backfilling the proposal index', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    const { ids } = versionOneFile(path, key)
    const store = RecordStore.open({ path, key })
    try {
      expect(store.schemaVersion()).toBe(SCHEMA_VERSION)
      expect(SCHEMA_VERSION).toBeGreaterThan(1)
      expect(store.counts()).toMatchObject({ block: 1, transaction: 2, audit: 1, holding: 0 })
      expect(store.approvals(PROPOSAL).map((t) => t.id)).toEqual([ids[0]])
      expect(store.transaction(ids[1] as Hex)?.proposalId).toBeNull()
      expect(store.verifyAuditChain()).toMatchObject({ ok: true, count: 1 })
      expect(store.checkIntegrity().ok).toBe(true)
    } finally {
      store.close()
    }
    // opening again runs nothing more
    const again = RecordStore.open({ path, key })
    expect(again.schemaVersion()).toBe(SCHEMA_VERSION)
    again.close()
  })

  it('run each migration in one transaction: a failing one leaves the previous version', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    const db = openDatabase({ path, key })
    const failing = [
      ...migrations.slice(0, 1),
      {
        version: 2,
        sql: 'CREATE TABLE half_done (x INTEGER)',
        data: () => {
          throw new Error('disk full')
        },
      },
    ]
    expect(() => migrate(db, 2, failing)).toThrow('disk full')
    expect(schemaVersion(db)).toBe(1)
    expect(
      db.prepare("SELECT count(*) AS n FROM sqlite_master WHERE name = 'half_done'").get(),
    ).toEqual({ n: 0 })
    db.close()
    const store = RecordStore.open({ path, key })
    expect(store.schemaVersion()).toBe(SCHEMA_VERSION)
    store.close()
  })

  it('refuse a file from a newer version, and a read-only open of an older one', () => {
    const path = join(tempDir(), 'records.db')
    const key = randomKey()
    versionOneFile(path, key)
    expect(() => RecordStore.open({ path, key, readOnly: true })).toThrow(RecordsUnavailable)
    const db = openDatabase({ path, key })
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`)
    db.close()
    expect(() => RecordStore.open({ path, key })).toThrow(RecordsTooNew)
  })
})
