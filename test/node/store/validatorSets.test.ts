/**
 * The store's validator-set history: every set kept by the first height it signs, written in
 * the block's own transaction (a failed write keeps neither the block nor the set), and
 * backfilled for stores made before the history existed — down to genesis when the set never
 * changed, down to the last change otherwise.
 */
import Database from 'better-sqlite3'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { validatorSetHash, type Validator } from '../../../src/node/protocol'
import { Store } from '../../../src/node/store'
import { GovernanceNet, governanceGenesis } from '../../fixtures/governance'
import { validators } from '../../fixtures/network'
import { changedSet, changeValidatorSet, decideValidatorChange } from '../light/devnet'

const dirs: string[] = []
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function storePath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'custos-sets-'))
  dirs.push(dir)
  return join(dir, 'node.db')
}

const genesisSet: Validator[] = validators
  .map((v) => ({ address: v.address, power: 10n }))
  .sort((a, b) => (a.address < b.address ? -1 : 1))

/** Turns a store back into one made before migration 2 (no history, no evidence). */
function downgrade(path: string): void {
  const db = new Database(path)
  db.exec('DROP TABLE validator_sets; DROP TABLE evidence;')
  db.pragma('user_version = 1')
  db.close()
}

describe('validator-set history', () => {
  it('keeps the genesis set from 0 and each new set from the first height it signs', () => {
    const store = Store.open(storePath())
    const net = new GovernanceNet(governanceGenesis(), store)
    const change = changeValidatorSet(net)
    net.runTo(change + 2n)
    expect(store.validatorHistoryStart()).toBe(0n)
    for (let h = 0n; h <= change + 2n; h++) {
      const expected = h < change ? genesisSet : changedSet
      expect(net.chain.validatorSetAt(h), `height ${h}`).toEqual(expected)
      expect(validatorSetHash(expected)).toBe(store.header(h)?.validatorsHash)
    }
    expect(store.validatorSetAt(change)?.fromHeight).toBe(change)
    expect(store.validatorSetAt(change - 1n)?.fromHeight).toBe(0n)
    const head = net.chain.head().height
    expect(net.chain.validatorSetAt(head + 1n)).toEqual(changedSet)
    expect(net.chain.validatorSetAt(head + 2n)).toBeUndefined()
    store.close()
  })

  it('writes a set in the block transaction: a failed write keeps neither', () => {
    let failNext = false
    const store = Store.open(storePath(), {
      onWriteStep: (step) => {
        if (step === 'trie' && failNext) throw new Error('disk full')
      },
    })
    const net = new GovernanceNet(governanceGenesis(), store)
    const change = decideValidatorChange(net)
    // block change - 1 announces the new set: its write is the one that records it
    net.runTo(change - 2n)
    failNext = true
    expect(() => net.block()).toThrow('disk full')
    expect(net.chain.head().height).toBe(change - 2n)
    expect(store.validatorSetAt(change)?.validators).toEqual(genesisSet)
    failNext = false
    net.block()
    expect(store.header(change - 1n)?.nextValidatorsHash).toBe(validatorSetHash(changedSet))
    expect(store.validatorSetAt(change)).toEqual({
      fromHeight: change,
      hash: validatorSetHash(changedSet),
      validators: changedSet,
    })
    store.close()
  })

  it('backfills an old store to genesis when the set never changed', () => {
    const path = storePath()
    const store = Store.open(path)
    const net = new GovernanceNet(governanceGenesis(), store)
    net.runTo(6n)
    store.close()
    downgrade(path)
    const reopened = Store.open(path)
    expect(reopened.validatorHistoryStart()).toBe(0n)
    for (let h = 0n; h <= 7n; h++)
      expect(reopened.validatorSetAt(h)?.validators).toEqual(genesisSet)
    reopened.close()
  })

  it('backfills an old store down to the last change only', () => {
    const path = storePath()
    const store = Store.open(path)
    const net = new GovernanceNet(governanceGenesis(), store)
    const change = changeValidatorSet(net)
    net.runTo(change + 3n)
    store.close()
    downgrade(path)
    const reopened = Store.open(path)
    expect(reopened.validatorHistoryStart()).toBe(change)
    expect(reopened.validatorSetAt(change)?.validators).toEqual(changedSet)
    expect(reopened.validatorSetAt(change - 1n)).toBeUndefined()
    reopened.close()
  })
})
