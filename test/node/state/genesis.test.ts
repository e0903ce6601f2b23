import { describe, expect, it } from 'vitest'
import { InvalidGenesis } from '../../../src/node/protocol'
import {
  balanceOf,
  buildGenesisState,
  getParams,
  getParticipant,
  getToken,
  getValidators,
  parseGenesis,
} from '../../../src/node/state'
import {
  alice,
  erin,
  issuer,
  kycProvider,
  stranger,
  testGenesisDocument,
  validators,
} from '../../fixtures/network'

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = Record<string, any>

function mutate(change: (doc: Doc) => void): Doc {
  const doc = structuredClone(testGenesisDocument()) as Doc
  change(doc)
  return doc
}

function genesisError(doc: unknown): InvalidGenesis {
  try {
    buildGenesisState(parseGenesis(doc))
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidGenesis)
    return error as InvalidGenesis
  }
  throw new Error('genesis was accepted')
}

describe('genesis', () => {
  it('builds the initial state the document describes', () => {
    const view = buildGenesisState(parseGenesis(testGenesisDocument()))
    expect(getValidators(view).map((v) => v.address)).toEqual(
      validators.map((v) => v.address).sort(),
    )
    expect(getParticipant(view, issuer.address)?.roles).toEqual(['issuer'])
    expect(getParticipant(view, alice.address)?.claims.jurisdiction?.value).toBe('DE')
    const acme = getToken(view, 'ACME')
    expect(acme.totalSupply).toBe(4_000_000n)
    expect(acme.holderCount).toBe(4n)
    expect(balanceOf(view, 'EURC', erin.address)).toBe(1_000_000n)
    expect(getParams(view).maxLegs).toBeGreaterThan(0)
  })

  it('is deterministic: the same document gives the same changes', () => {
    const a = buildGenesisState(parseGenesis(testGenesisDocument())).changes()
    const b = buildGenesisState(parseGenesis(testGenesisDocument())).changes()
    expect(a).toEqual(b)
  })

  const cases: Array<[string, (doc: Doc) => void, RegExp]> = [
    ['a missing chain id', (d) => delete d.chainId, /chainId/],
    ['chain id 0', (d) => (d.chainId = '0'), /chainId: must be positive/],
    [
      'a non-decimal integer',
      (d) => (d.genesisTimeMs = '12e3'),
      /genesisTimeMs: must be a decimal integer/,
    ],
    ['no validators', (d) => (d.validators = []), /validators: at least one validator/],
    ['a validator listed twice', (d) => d.validators.push({ ...d.validators[0] }), /listed twice/],
    [
      'a validator with power 0',
      (d) => (d.validators[0].power = '0'),
      /validators\.0\.power: must be positive/,
    ],
    [
      'a malformed address',
      (d) => (d.participants[0].address = '0x1234'),
      /participants\.0\.address/,
    ],
    ['an unknown role', (d) => (d.participants[0].roles = ['king']), /participants\.0\.roles\.0/],
    ['an unknown field', (d) => (d.colour = 'blue'), /colour/],
    [
      'a claim from an issuer without the claim-issuer role',
      (d) => (d.participants[2].claims[0].issuer = issuer.address),
      /participants\.2\.claims\.0\.issuer: .* does not hold the claim-issuer role/,
    ],
    [
      'a jurisdiction that is not an ISO-3166 code',
      (d) => (d.participants[2].claims[2].value = 'XX'),
      /participants\.2\.claims\.2\.value: .*not an ISO-3166/,
    ],
    [
      'a token issued by a non-issuer',
      (d) => (d.tokens[0].issuer = kycProvider.address),
      /tokens\.0: .*issuer role/,
    ],
    ['a lowercase symbol', (d) => (d.tokens[0].symbol = 'acme'), /tokens\.0: .*not a symbol/],
    ['a token listed twice', (d) => (d.tokens[1].symbol = 'ACME'), /tokens\.1: .*listed twice/],
    [
      'an unknown deny-list code',
      (d) => (d.tokens[0].rules.denyJurisdictions = ['ZZ']),
      /not an ISO-3166/,
    ],
    [
      'an initial balance breaking a compliance rule',
      (d) => d.tokens[0].balances.push({ holder: stranger.address, amount: '1' }),
      /tokens\.0\.balances\.\d+: .*'kyc'/,
    ],
    [
      'an initial balance of 0',
      (d) => (d.tokens[0].balances[0].amount = '0'),
      /tokens\.0\.balances\.0: .*greater than zero/,
    ],
  ]

  it.each(cases)('refuses %s with InvalidGenesis naming the field', (_name, change, pattern) => {
    const error = genesisError(mutate(change))
    expect(error.code).toBe('INVALID_GENESIS')
    expect(error.message).toMatch(pattern)
  })
})
