import { describe, expect, it } from 'vitest'
import fc from 'fast-check'
import { StoreCorrupt } from '../../../src/node/protocol/errors'
import { decodeStateValue, encodeStateValue } from '../../../src/node/protocol/stateValue'

const MAX_UINT256 = (1n << 256n) - 1n
const roundTrip = (value: unknown): unknown => decodeStateValue(encodeStateValue(value))

describe('encodeStateValue / decodeStateValue', () => {
  it.each([0n, 1n, -1n, 2n ** 53n + 1n, MAX_UINT256, -MAX_UINT256])(
    'bigint %s round-trips',
    (n) => {
      const back = roundTrip(n)
      expect(typeof back).toBe('bigint')
      expect(back).toBe(n)
    },
  )

  it('bigints nested in arrays and objects round-trip with their neighbours', () => {
    const record = {
      symbol: 'ACME',
      supply: MAX_UINT256,
      holders: [
        { address: '0xabc', amount: 5n, frozen: false },
        { address: '0xdef', amount: 0n },
      ],
      limits: [1n, [2n, [3n]], null, 4, 'x'],
      note: null,
      ok: true,
    }
    const back = roundTrip(record)
    expect(back).toEqual(record)
    expect(typeof (back as typeof record).holders[1]?.amount).toBe('bigint')
  })

  it('property: JSON-like values with bigints round-trip', () => {
    const value = fc.letrec((tie) => ({
      node: fc.oneof(
        { depthSize: 'small' },
        fc.bigInt({ min: -MAX_UINT256, max: MAX_UINT256 }),
        fc.string(),
        fc.integer(),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('node')),
        // keys other than "$big" (records never carry it; see stateValue.ts)
        fc.dictionary(
          fc.string().filter((k) => k !== '$big' && k !== '__proto__'),
          tie('node'),
        ),
      ),
    })).node
    fc.assert(
      fc.property(value, (v) => {
        expect(roundTrip(v)).toEqual(v)
      }),
    )
  })

  it.each(['5n', '5', '{"$big":"1"}', '$big', '-0', ''])(
    'the user string %j stays a string',
    (text) => {
      expect(roundTrip(text)).toBe(text)
      expect(roundTrip({ name: text, list: [text] })).toEqual({ name: text, list: [text] })
    },
  )

  it('only an object whose single key is "$big" with a decimal string decodes to a bigint', () => {
    const decode = (json: string): unknown => decodeStateValue(new TextEncoder().encode(json))
    expect(decode('{"$big":"12"}')).toBe(12n)
    expect(decode('{"$big":12}')).toEqual({ $big: 12 })
    expect(decode('{"$big":"1.5"}')).toEqual({ $big: '1.5' })
    expect(decode('{"$big":"0x10"}')).toEqual({ $big: '0x10' })
    expect(decode('{"$big":"1","other":2}')).toEqual({ $big: '1', other: 2 })
  })

  it('encodes UTF-8 JSON', () => {
    expect(new TextDecoder().decode(encodeStateValue({ a: 1n, b: 'ü' }))).toBe(
      '{"a":{"$big":"1"},"b":"ü"}',
    )
  })

  it.each([
    ['invalid UTF-8', Uint8Array.of(0x22, 0xff, 0x22)],
    ['truncated JSON', new TextEncoder().encode('{"a":')],
    ['empty bytes', new Uint8Array(0)],
    ['not JSON', new TextEncoder().encode('5n')],
  ])('%s → StoreCorrupt', (_name, bytes) => {
    let caught: unknown
    try {
      decodeStateValue(bytes)
    } catch (error) {
      caught = error
    }
    expect(caught).toBeInstanceOf(StoreCorrupt)
    expect((caught as StoreCorrupt).code).toBe('STORE_CORRUPT')
  })
})
