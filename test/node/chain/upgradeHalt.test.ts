/**
 * A software upgrade decided by governance halts the chain: from the halt height on, this
 * software neither proposes, nor validates, nor imports a block.
 */
import { afterEach, describe, expect, it } from 'vitest'
import { Chain } from '../../../src/node/chain'
import { getUpgradePlan, getGovProposal, NetworkHalted } from '../../../src/node/state/governance'
import { expectError } from '../../fixtures/expectError'
import {
  govAction,
  governanceGenesis,
  GovernanceNet,
  removeTempStores,
  tempStore,
} from '../../fixtures/governance'
import { validators, type Actor } from '../../fixtures/network'

afterEach(removeTempStores)

const [v1] = validators as [Actor]

/** A net whose upgrade 'v2' passed; returns it with the halt height. */
function upgraded(): { net: GovernanceNet; haltHeight: bigint } {
  const net = new GovernanceNet()
  const haltHeight = 1n + 3n + 3n // submitted at 1, voting ends at 4, halt three blocks later
  const id = net.propose(v1, govAction({ kind: 'software-upgrade', value: 'v2', haltHeight }))
  net.vote(
    id,
    validators.map((v) => [v, 'yes'] as const),
  )
  net.runTo(getGovProposal(net.chain.state(), id).votingEndsAt)
  expect(getGovProposal(net.chain.state(), id).status).toBe('passed')
  expect(getUpgradePlan(net.chain.state())).toEqual({ name: 'v2', haltHeight, proposalId: id })
  return { net, haltHeight }
}

const haltMessage = (haltHeight: bigint, height: bigint) =>
  `The network halted at height ${haltHeight} for upgrade 'v2'; run the upgraded software (block ${height} refused)`

describe('upgrade halt', () => {
  it('produces blocks up to the halt height, then refuses to propose', () => {
    const { net, haltHeight } = upgraded()
    net.runTo(haltHeight - 1n)
    const error = expectError(() => net.block(), NetworkHalted, 'NETWORK_HALTED')
    expect(error.message).toBe(haltMessage(haltHeight, haltHeight))
    expect(error).toMatchObject({ upgrade: 'v2', haltHeight })
    expect(() => net.chain.proposeBlock()).toThrow(NetworkHalted)
    expect(net.height).toBe(haltHeight - 1n)
  })

  it('refuses to validate or import a block at the halt height made by software without the plan', () => {
    const { net, haltHeight } = upgraded()
    net.runTo(haltHeight - 1n)
    // a chain that never decided the upgrade can make a block at the halt height
    const other = new GovernanceNet(governanceGenesis())
    other.runTo(haltHeight)
    const block = other.chain.store.block(haltHeight)
    const commit = other.chain.store.commit(haltHeight)
    if (!block || !commit) throw new Error('block missing')

    const replica = Chain.open({ store: tempStore(), genesis: governanceGenesis() })
    for (let h = 1n; h < haltHeight; h++) {
      const b = net.chain.store.block(h)
      const c = net.chain.store.commit(h)
      if (!b || !c) throw new Error(`block ${h} missing`)
      replica.importBlock(b, c)
    }
    expect(getUpgradePlan(replica.state())?.haltHeight).toBe(haltHeight)
    const validateError = expectError(
      () => replica.validateBlock(block),
      NetworkHalted,
      'NETWORK_HALTED',
    )
    expect(validateError.message).toBe(haltMessage(haltHeight, haltHeight))
    expectError(() => replica.importBlock(block, commit), NetworkHalted, 'NETWORK_HALTED')
    expect(replica.head().height).toBe(haltHeight - 1n)
  })

  it('a later upgrade decision replaces the plan', () => {
    const net = new GovernanceNet()
    const first = net.propose(
      v1,
      govAction({ kind: 'software-upgrade', value: 'v2', haltHeight: 30n }),
    )
    net.vote(
      first,
      validators.map((v) => [v, 'yes'] as const),
    )
    net.runTo(getGovProposal(net.chain.state(), first).votingEndsAt)
    const second = net.propose(
      v1,
      govAction({ kind: 'software-upgrade', value: 'v3', haltHeight: 12n }),
    )
    net.vote(
      second,
      validators.map((v) => [v, 'yes'] as const),
    )
    net.runTo(getGovProposal(net.chain.state(), second).votingEndsAt)
    expect(getUpgradePlan(net.chain.state())).toEqual({
      name: 'v3',
      haltHeight: 12n,
      proposalId: second,
    })
    net.runTo(11n)
    expect(() => net.block()).toThrow(/halted at height 12 for upgrade 'v3'/)
  })
})
