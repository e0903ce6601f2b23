/**
 * What the records database refuses on write, so that everything it holds re-verifies against
 * a recorded header: records before their header, proofs that do not verify or anchor, headers
 * that conflict; and that a refused write inside a batch undoes the whole batch.
 */
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { recordsHeaderSink, RecordRejected, RecordStore } from '../../../../src/node/light/records'
import type { Address, Hex } from '../../../../src/node/protocol'
import { keys } from '../../../../src/node/state/keys'
import {
  alice,
  bob,
  randomKey,
  removeTempDirs,
  SyntheticState,
  syntheticBlock,
  tempDir,
  transfer,
  validators,
  type SyntheticBlock,
} from './fixtures'

let store: RecordStore
let state: SyntheticState
let block: SyntheticBlock
const holding = keys.balance('ACME', bob.address)
const T0 = 1_767_225_601_000n

beforeEach(() => {
  store = RecordStore.open({ path: join(tempDir(), 'records.db'), key: randomKey() })
  state = new SyntheticState()
  const root = state.apply([[holding, 42n]])
  const txs = [0n, 1n, 2n].map((n) => transfer(alice, bob.address, n))
  block = syntheticBlock(1n, T0, txs, root)
})

afterEach(() => {
  store.close()
  removeTempDirs()
})

function rejected(fn: () => unknown, message: RegExp): void {
  let caught: unknown
  try {
    fn()
  } catch (error) {
    caught = error
  }
  expect(caught).toBeInstanceOf(RecordRejected)
  expect((caught as RecordRejected).code).toBe('RECORD_REJECTED')
  expect((caught as Error).message).toMatch(message)
}

describe('blocks', () => {
  it('are idempotent, and a different header at a recorded height is refused', () => {
    store.putBlock(block.block)
    store.putBlock(block.block)
    expect(store.counts().block).toBe(1)
    const other = syntheticBlock(1n, T0 + 1n, [], state.apply([]))
    rejected(() => store.putBlock(other.block), /height 1 is recorded with block 0x/)
  })

  it('must carry the commit of this header and the validator set it names', () => {
    const other = syntheticBlock(2n, T0 + 1000n, [], state.apply([]))
    rejected(
      () => store.putBlock({ ...block.block, commit: other.block.commit }),
      /is not for header 1/,
    )
    rejected(
      () => store.putBlock({ ...block.block, validators: block.block.validators.slice(1) }),
      /the validator set hashes to/,
    )
    expect(store.counts().block).toBe(0)
  })
})

describe('the light client sink', () => {
  it('records each verified light block, the genesis one with its empty commit too', () => {
    const genesis = syntheticBlock(0n, T0 - 1000n, [], state.apply([]), [])
    expect(genesis.block.commit.signatures).toEqual([])
    const sink = recordsHeaderSink(store)
    sink.onVerified({ ...genesis.block, validators: [...genesis.block.validators] })
    sink.onVerified({ ...block.block, validators: [...block.block.validators] })
    expect(store.counts().block).toBe(2)
    expect(store.block(0n)?.header).toEqual(genesis.block.header)
  })
})

describe('transactions', () => {
  it('need their header recorded first', () => {
    rejected(() => store.putTransaction(block.tx(0, [])), /record the verified block first/)
  })

  it('need an inclusion proof that verifies against the txRoot', () => {
    store.putBlock(block.block)
    rejected(() => store.putTransaction({ ...block.tx(1, []), index: 0 }), /does not verify/)
    rejected(() => store.putTransaction({ ...block.tx(2, []), txCount: 4 }), /does not verify/)
    rejected(() => store.putTransaction({ ...block.tx(0, []), index: 3 }), /out of range/)
    rejected(() => store.putTransaction({ ...block.tx(0, []), proof: ['0x1234'] }), /not 32 bytes/)
  })

  it('need envelope bytes that decode', () => {
    store.putBlock(block.block)
    rejected(
      () => store.putTransaction({ ...block.tx(0, []), bytes: new Uint8Array([1, 2, 3]) }),
      /does not decode/,
    )
  })

  it('gain accounts when recorded again', () => {
    store.putBlock(block.block)
    store.putTransaction(block.tx(0, [bob.address]))
    const mixedCase = `0x${alice.address.slice(2).toUpperCase()}` as Address
    const again = store.putTransaction(block.tx(0, [mixedCase]))
    expect(again.accounts).toEqual([alice.address, bob.address].sort())
    expect(store.counts().transaction).toBe(1)
  })
})

describe('state snapshots', () => {
  it('need a proof of the expected key, anchored at the header state root', () => {
    store.putBlock(block.block)
    rejected(
      () =>
        store.putHolding({
          symbol: 'EURC',
          holder: bob.address,
          height: 1n,
          proof: state.prove(holding),
        }),
      /expected balance\/EURC\//,
    )
    const elsewhere = new SyntheticState()
    elsewhere.apply([[holding, 43n]])
    rejected(
      () =>
        store.putHolding({
          symbol: 'ACME',
          holder: bob.address,
          height: 1n,
          proof: elsewhere.prove(holding),
        }),
      /does not start at the stateRoot of block 1/,
    )
    const ok = store.putHolding({
      symbol: 'ACME',
      holder: bob.address,
      height: 1n,
      proof: state.prove(holding),
    })
    expect(ok.amount).toBe(42n)
  })

  it('record an absent balance as zero', () => {
    const nobody = validators[0]?.address as Address
    store.putBlock(block.block)
    const zero = store.putHolding({
      symbol: 'ACME',
      holder: nobody,
      height: 1n,
      proof: state.prove(keys.balance('ACME', nobody)),
    })
    expect(zero).toMatchObject({ amount: 0n, proof: { value: null } })
  })

  it('refuse a proposal proof that shows no proposal', () => {
    store.putBlock(block.block)
    const id: Hex = `0x${'cd'.repeat(32)}`
    rejected(
      () => store.putProposal({ id, height: 1n, proof: state.prove(keys.proposal(id)) }),
      /shows no record/,
    )
  })
})

describe('batches', () => {
  it('record everything or nothing', () => {
    expect(() =>
      store.batch((s) => {
        s.putBlock(block.block)
        s.putTransaction(block.tx(0, []))
        s.appendAudit({ user: 'sync', action: 'sync.block' })
        s.putTransaction({ ...block.tx(1, []), index: 0 })
      }),
    ).toThrow(RecordRejected)
    expect(Object.values(store.counts()).every((n) => n === 0)).toBe(true)
    expect(store.auditHead()).toBeUndefined()
  })
})
