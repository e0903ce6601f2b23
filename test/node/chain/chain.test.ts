import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { Chain } from '../../../src/node/chain'
import { ComplianceRejected, decodeStateValue, verifyStateProof } from '../../../src/node/protocol'
import { balanceOf, getInstruction, keys } from '../../../src/node/state'
import { Store } from '../../../src/node/store'
import {
  alice,
  bob,
  carol,
  erin,
  issuer,
  sign,
  testGenesis,
  validators,
} from '../../fixtures/network'

const dirs: string[] = []
function tempStore(): Store {
  const dir = mkdtempSync(join(tmpdir(), 'custos-chain-'))
  dirs.push(dir)
  return Store.open(join(dir, 'node.db'))
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true })
})

function newChain(store = tempStore()): Chain {
  return Chain.open({ store, genesis: testGenesis(), validatorKeys: validators.map((v) => v.key) })
}

describe('Chain', () => {
  it('writes a genesis block whose state matches the genesis document', () => {
    const chain = newChain()
    expect(chain.head().height).toBe(0n)
    expect(balanceOf(chain.state(), 'ACME', alice.address)).toBe(1_000_000n)
    expect(chain.store.checkIntegrity().ok).toBe(true)
  })

  it('applies a compliant transfer and refuses a non-compliant one without changing state', () => {
    const chain = newChain()
    chain.submit(sign(alice, 'Transfer', { symbol: 'ACME', to: bob.address, amount: 250n }))
    const first = chain.produceBlock()
    expect(first.included).toHaveLength(1)
    expect(balanceOf(chain.state(), 'ACME', alice.address)).toBe(999_750n)
    expect(balanceOf(chain.state(), 'ACME', bob.address)).toBe(1_000_250n)

    const rootBefore = chain.store.stateRoot()
    chain.submit(sign(alice, 'Transfer', { symbol: 'ACME', to: erin.address, amount: 1n }, 1n))
    const second = chain.produceBlock()
    expect(second.included).toHaveLength(0)
    expect(second.rejected[0]?.error).toBeInstanceOf(ComplianceRejected)
    expect((second.rejected[0]?.error as ComplianceRejected).rule).toBe('jurisdiction-deny')
    expect(chain.store.stateRoot()).toBe(rootBefore)
  })

  it('settles a DvP instruction atomically once every sender affirms', () => {
    const chain = newChain()
    const create = sign(alice, 'CreateInstruction', {
      reference: 'T-1',
      settleBy: 4_000_000_000n,
      legs: [
        { symbol: 'ACME', from: alice.address, to: carol.address, amount: 100n },
        { symbol: 'EURC', from: carol.address, to: alice.address, amount: 5_000n },
      ],
    })
    const id = chain.submit(create)
    chain.produceBlock()
    expect(getInstruction(chain.state(), id).status).toBe('pending')
    chain.submit(sign(carol, 'AffirmInstruction', { instructionId: id }))
    chain.produceBlock()
    const state = chain.state()
    expect(getInstruction(state, id).status).toBe('settled')
    expect(balanceOf(state, 'ACME', carol.address)).toBe(1_000_100n)
    expect(balanceOf(state, 'EURC', alice.address)).toBe(1_005_000n)
  })

  it('proves state values against the head state root', async () => {
    const chain = newChain()
    chain.submit(sign(issuer, 'Mint', { symbol: 'ACME', to: alice.address, amount: 5n }))
    chain.produceBlock()
    const proof = chain.store.prove(keys.balance('ACME', alice.address))
    const value = await verifyStateProof(chain.head().header.stateRoot, proof)
    expect(value && decodeStateValue(value)).toBe(1_000_005n)
    const absent = chain.store.prove(
      keys.balance('ACME', '0x000000000000000000000000000000000000dead'),
    )
    expect(await verifyStateProof(chain.head().header.stateRoot, absent)).toBeNull()
  })

  it('replays the same blocks on a fresh store to the same state root', () => {
    const chain = newChain()
    for (let n = 0n; n < 3n; n++) {
      chain.submit(sign(alice, 'Transfer', { symbol: 'EURC', to: bob.address, amount: 10n + n }, n))
      chain.produceBlock()
    }
    const replica = Chain.open({ store: tempStore(), genesis: testGenesis() })
    for (let h = 1n; h <= chain.head().height; h++) {
      const block = chain.store.block(h)
      const commit = chain.store.commit(h)
      if (!block || !commit) throw new Error(`block ${h} missing`)
      replica.importBlock(block, commit)
    }
    expect(replica.head().hash).toBe(chain.head().hash)
    expect(replica.store.stateRoot()).toBe(chain.store.stateRoot())
  })
})
