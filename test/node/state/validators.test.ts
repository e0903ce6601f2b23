import { describe, expect, it } from 'vitest'
import { custosDomain, validatorSetHash } from '../../../src/node/protocol'
import {
  buildGenesisState,
  endBlock,
  getLastValidators,
  getNextValidators,
  getValidators,
  scheduleValidatorUpdate,
  type StateView,
} from '../../../src/node/state'
import { actor, testGenesis, validators } from '../../fixtures/network'

const domain = custosDomain(7001n, '0x00000000000000000000000000000000000c0575')
const newcomer = actor('validator-5')
const genesisSet = validators.map((v) => v.address).sort()

function block(view: StateView, height: bigint, decide?: (view: StateView) => void): void {
  decide?.(view)
  endBlock(view, { domain, height, time: 1_767_225_600n + height })
}

const addresses = (set: Array<{ address: string }>) => set.map((v) => v.address)

describe('validator set changes', () => {
  it('a change decided at height h signs from h + 2, announced by header h + 1', () => {
    const view = buildGenesisState(testGenesis())
    block(view, 1n)
    // block 2 decides: add a validator, remove one, change a power
    block(view, 2n, (v) => {
      scheduleValidatorUpdate(v, { address: newcomer.address, power: 10n })
      scheduleValidatorUpdate(v, {
        address: (validators[0] as { address: `0x${string}` }).address,
        power: 0n,
      })
      scheduleValidatorUpdate(v, {
        address: (validators[1] as { address: `0x${string}` }).address,
        power: 25n,
      })
    })
    // after block 2: block 3 is still signed by the old set; block 4 by the new one
    expect(addresses(getLastValidators(view))).toEqual(genesisSet)
    expect(addresses(getValidators(view))).toEqual(genesisSet)
    const changed = getNextValidators(view)
    expect(addresses(changed)).toContain(newcomer.address)
    expect(addresses(changed)).not.toContain(validators[0]?.address)
    expect(changed.find((v) => v.address === validators[1]?.address)?.power).toBe(25n)
    // header 2's nextValidatorsHash still names the old set (it signs block 3)
    expect(validatorSetHash(getValidators(view))).toBe(validatorSetHash(getLastValidators(view)))
    block(view, 3n)
    // header 3 announces the new set, which signs block 4; block 3 was signed by the old one
    expect(getValidators(view)).toEqual(changed)
    expect(addresses(getLastValidators(view))).toEqual(genesisSet)
    block(view, 4n)
    expect(getLastValidators(view)).toEqual(changed)
  })

  it('leaves the sets untouched in blocks without changes', () => {
    const view = buildGenesisState(testGenesis())
    const before = view.changes().length
    const child = view.fork()
    block(child, 1n)
    expect(child.changes().filter(([key]) => key.startsWith('validators'))).toEqual([])
    expect(view.changes().length).toBe(before)
  })

  it('refuses a change that would empty the set', () => {
    const view = buildGenesisState(testGenesis())
    block(view, 1n, (v) => {
      for (const validator of validators)
        scheduleValidatorUpdate(v, { address: validator.address, power: 0n })
    })
    block(view, 2n)
    expect(addresses(getValidators(view))).toEqual(genesisSet)
  })
})
