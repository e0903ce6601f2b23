/**
 * Governance parameters: genesis overrides, defaults for records stored before they existed,
 * and every parameter's change text.
 */
import { describe, expect, it } from 'vitest'
import { InvalidGenesis, InvalidValue, encodeStateValue } from '../../../../src/node/protocol'
import {
  applyParamChange,
  buildGenesisState,
  defaultParams,
  formatParam,
  getParams,
  keys,
  paramNames,
  parseGenesis,
  StateView,
  type ParamName,
} from '../../../../src/node/state'
import { defaultGovernanceParams, getGovernanceParams } from '../../../../src/node/state/governance'
import { testGenesisDocument } from '../../../fixtures/network'

function genesisWith(params: Record<string, unknown>) {
  return parseGenesis({ ...testGenesisDocument(), params })
}

function genesisError(params: Record<string, unknown>): InvalidGenesis {
  try {
    buildGenesisState(genesisWith(params))
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidGenesis)
    return error as InvalidGenesis
  }
  throw new Error('genesis was accepted')
}

describe('governance parameters at genesis', () => {
  it('default to Cosmos x/gov values with validators as the only proposers', () => {
    const view = buildGenesisState(parseGenesis(testGenesisDocument()))
    expect(getGovernanceParams(view)).toEqual({ ...defaultGovernanceParams, proposerRoles: [] })
  })

  it('take overrides, ratios written "numerator/denominator"', () => {
    const view = buildGenesisState(
      genesisWith({
        maxLegs: 8,
        governance: {
          votingPeriodBlocks: '600',
          quorum: '1/2',
          vetoThreshold: '1/3',
          proposerRoles: ['regulator'],
        },
      }),
    )
    expect(getParams(view)).toEqual({
      ...defaultParams,
      maxLegs: 8,
      governance: {
        votingPeriodBlocks: 600n,
        quorum: { numerator: 1n, denominator: 2n },
        threshold: defaultGovernanceParams.threshold,
        vetoThreshold: { numerator: 1n, denominator: 3n },
        proposerRoles: ['regulator'],
      },
    })
  })

  it('refuse values the tally cannot honour, naming the field', () => {
    expect(genesisError({ governance: { quorum: '3/2' } })).toMatchObject({
      message: 'Invalid genesis: params.governance.quorum: must not exceed 1',
      details: { path: 'params.governance.quorum' },
    })
    expect(genesisError({ governance: { threshold: '1/1' } }).message).toMatch(
      /params\.governance\.threshold: must be below 1/,
    )
    expect(genesisError({ governance: { votingPeriodBlocks: 0 } }).message).toMatch(
      /params\.governance\.votingPeriodBlocks: must be a positive integer/,
    )
    expect(genesisError({ governance: { proposerRoles: ['issuer', 'issuer'] } }).message).toMatch(
      /params\.governance\.proposerRoles: lists a role twice/,
    )
    expect(genesisError({ maxBlockBytes: 100 }).message).toMatch(
      /params\.maxBlockBytes: must be an integer from 16384/,
    )
  })

  it('refuse malformed documents at parsing', () => {
    expect(() => genesisWith({ governance: { quorum: 0.334 } })).toThrow(InvalidGenesis)
    expect(() => genesisWith({ governance: { quorum: '33.4%' } })).toThrow(
      /params\.governance\.quorum: must be a fraction/,
    )
    expect(() => genesisWith({ governance: { proposerRoles: ['king'] } })).toThrow(
      /params\.governance\.proposerRoles\.0/,
    )
    expect(() => genesisWith({ governance: { deposit: '1' } })).toThrow(/params\.governance/)
  })
})

describe('getParams', () => {
  it('fills defaults for a params record stored before governance existed', () => {
    const { governance: _omitted, ...old } = defaultParams
    void _omitted
    const stored = new Map([[keys.params(), encodeStateValue({ ...old, maxLegs: 4 })]])
    const view = new StateView({ get: (key: string) => stored.get(key) })
    expect(getParams(view)).toEqual({ ...defaultParams, maxLegs: 4 })
    expect(getGovernanceParams(view).proposerRoles).toEqual([])
  })

  it('fills a governance field missing from a stored record', () => {
    const { proposerRoles: _omitted, ...governance } = defaultParams.governance
    void _omitted
    const stored = new Map([[keys.params(), encodeStateValue({ ...defaultParams, governance })]])
    const view = new StateView({ get: (key: string) => stored.get(key) })
    expect(getParams(view)).toEqual(defaultParams)
  })
})

describe('applyParamChange', () => {
  const samples: Record<ParamName, string> = {
    maxBlockTxs: '100',
    maxBlockBytes: '65536',
    maxLegs: '4',
    maxPendingInstructions: '50',
    blockIntervalMs: '2000',
    'governance.votingPeriodBlocks': '86400',
    'governance.quorum': '2/5',
    'governance.threshold': '2/3',
    'governance.vetoThreshold': '1/1',
    'governance.proposerRoles': 'issuer,regulator',
  }

  it('covers every parameter', () => {
    expect([...paramNames].sort()).toEqual(Object.keys(samples).sort())
    expect(paramNames).toHaveLength(
      Object.keys(defaultParams).length - 1 + Object.keys(defaultParams.governance).length,
    )
  })

  it.each(Object.entries(samples))('changes %s to %s and prints it back', (name, value) => {
    const changed = applyParamChange(defaultParams, name, value)
    expect(formatParam(changed, name as ParamName)).toBe(value)
    expect(formatParam(defaultParams, name as ParamName)).not.toBe(value)
  })

  it('leaves other parameters and the input alone', () => {
    const before = structuredClone(defaultParams)
    const changed = applyParamChange(defaultParams, 'governance.quorum', '1/2')
    expect(changed).toEqual({
      ...defaultParams,
      governance: { ...defaultParams.governance, quorum: { numerator: 1n, denominator: 2n } },
    })
    expect(defaultParams).toEqual(before)
  })

  it('parses an empty proposer list and spaces around commas', () => {
    const some = applyParamChange(defaultParams, 'governance.proposerRoles', 'issuer , auditor')
    expect(some.governance.proposerRoles).toEqual(['issuer', 'auditor'])
    expect(applyParamChange(some, 'governance.proposerRoles', '').governance.proposerRoles).toEqual(
      [],
    )
  })

  it('names the fields it is given', () => {
    const fields = { param: 'p', value: 'v' }
    expect(() => applyParamChange(defaultParams, 'nope', '1', fields)).toThrow(InvalidValue)
    expect(() => applyParamChange(defaultParams, 'nope', '1', fields)).toThrow(
      /^p: unknown parameter/,
    )
    expect(() => applyParamChange(defaultParams, 'maxLegs', '-1', fields)).toThrow(
      /^v: maxLegs must be a decimal integer/,
    )
  })
})
