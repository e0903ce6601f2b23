import { describe, expect, it } from 'vitest'
import { Chain } from '../../../src/node/chain'
import { AlreadyExists, NonceMismatch, PoolFull, encodeTx } from '../../../src/node/protocol'
import { Store } from '../../../src/node/store'
import { alice, bob, carol, sign, testGenesis, validators } from '../../fixtures/network'
import { expectError } from '../../fixtures/expectError'

function chainWith(
  limits: { maxTxs?: number; maxBytes?: number; maxNonceGap?: bigint } = {},
): Chain {
  return Chain.open({
    store: Store.open(':memory:'),
    genesis: testGenesis(),
    validatorKeys: validators.map((v) => v.key),
    mempool: limits,
  })
}

const transfer = (from = alice, nonce = 0n, amount = 1n) =>
  sign(
    from,
    'Transfer',
    { symbol: 'EURC', to: from === bob ? carol.address : bob.address, amount },
    nonce,
  )

describe('Mempool', () => {
  it('refuses a transaction when full by count, with a clear message, and accepts again after a block', () => {
    const chain = chainWith({ maxTxs: 2 })
    chain.submit(transfer(alice, 0n))
    chain.submit(transfer(bob, 0n))
    const error = expectError(() => chain.submit(transfer(carol, 0n)), PoolFull, 'POOL_FULL')
    expect(error.message).toMatch(/full \(2 transactions\)/)
    expect(chain.pendingCount()).toBe(2)
    chain.produceBlock()
    expect(chain.pendingCount()).toBe(0)
    chain.submit(transfer(carol, 0n))
    expect(chain.pendingCount()).toBe(1)
  })

  it('refuses a transaction when full by bytes', () => {
    const size = encodeTx(transfer(alice, 0n)).length
    const chain = chainWith({ maxBytes: size * 2 - 1 })
    chain.submit(transfer(alice, 0n))
    expectError(() => chain.submit(transfer(bob, 0n)), PoolFull, 'POOL_FULL')
    expect(chain.mempool.sizeBytes).toBe(size)
  })

  it('dedupes by id and by signer and nonce', () => {
    const chain = chainWith()
    const tx = transfer(alice, 0n, 5n)
    chain.submit(tx)
    expectError(() => chain.submit(encodeTx(tx)), AlreadyExists, 'ALREADY_EXISTS')
    const error = expectError(
      () => chain.submit(transfer(alice, 0n, 6n)),
      AlreadyExists,
      'ALREADY_EXISTS',
    )
    expect(error.message).toMatch(/nonce 0/)
    expect(chain.pendingCount()).toBe(1)
  })

  it('refuses used nonces and nonces too far ahead', () => {
    const chain = chainWith({ maxNonceGap: 3n })
    chain.submit(transfer(alice, 0n))
    chain.produceBlock()
    expectError(() => chain.submit(transfer(alice, 0n, 2n)), NonceMismatch, 'NONCE_MISMATCH')
    expectError(() => chain.submit(transfer(alice, 5n)), NonceMismatch, 'NONCE_MISMATCH')
    chain.submit(transfer(alice, 4n))
    expect(chain.pendingCount()).toBe(1)
  })

  it('gives proposers each signer’s transactions in nonce order and keeps gapped ones waiting', () => {
    const chain = chainWith()
    chain.submit(transfer(alice, 2n))
    chain.submit(transfer(bob, 0n))
    chain.submit(transfer(alice, 0n))
    expect(chain.mempool.ordered().map((t) => [t.signer, t.tx.message.nonce])).toEqual([
      [alice.address, 0n],
      [alice.address, 2n],
      [bob.address, 0n],
    ])
    const first = chain.produceBlock()
    expect(first.included).toHaveLength(2)
    expect(chain.pendingCount()).toBe(1) // alice's nonce 2 waits for nonce 1
    chain.submit(transfer(alice, 1n))
    const second = chain.produceBlock()
    expect(second.included).toHaveLength(2)
    expect(chain.pendingCount()).toBe(0)
  })

  it('tells listeners about every accepted transaction, and only those', () => {
    const chain = chainWith()
    const seen: string[] = []
    chain.mempool.onAdded((tx) => seen.push(tx.id))
    const id = chain.submit(transfer(alice, 0n))
    expect(() => chain.submit(transfer(alice, 0n))).toThrow()
    expect(seen).toEqual([id])
  })
})
