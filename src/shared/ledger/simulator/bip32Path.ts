/**
 * BIP-32 derivation paths, as strings (`m/44'/60'/0'/0/0`) and as the Ethereum app reads them
 * from a payload (doc/apdu.md: "Number of BIP 32 derivations to perform (max 10)" then each
 * index as 4 bytes big endian, hardened indexes with the top bit set).
 */
import type { ByteReader } from './apdu'
import { SimulatorError, StatusWordError } from './errors'
import { StatusWords } from './statusWords'

export const HARDENED = 0x8000_0000
const MAX_DERIVATIONS = 10

/** Reads a path from an APDU payload; a count of 0 or more than 10 answers 0x6A80. */
export function readPath(reader: ByteReader): number[] {
  const count = reader.u8('the BIP-32 path length')
  if (count < 1 || count > MAX_DERIVATIONS) {
    throw new StatusWordError(StatusWords.INVALID_DATA, 'BIP-32 path must have 1 to 10 levels', {
      count,
    })
  }
  const path: number[] = []
  for (let i = 0; i < count; i++) path.push(reader.u32('a BIP-32 index'))
  return path
}

/** Parses `m/44'/60'/0'/0/0` (the `m/` is optional; `'` or `h` marks a hardened index). */
export function parsePath(path: string): number[] {
  const parts = path.replace(/^m\//, '').split('/')
  return parts.map((part) => {
    const match = /^(\d+)(['hH]?)$/.exec(part)
    const index = match?.[1] === undefined ? NaN : Number(match[1])
    if (!Number.isSafeInteger(index) || index >= HARDENED) {
      throw new SimulatorError('INVALID_PATH', `'${path}' is not a BIP-32 path`, {
        details: { path },
      })
    }
    return match?.[2] ? index + HARDENED : index
  })
}

/** Formats indexes as `m/44'/60'/0'/0/0`. */
export function formatPath(path: readonly number[]): string {
  return ['m', ...path.map((i) => (i >= HARDENED ? `${i - HARDENED}'` : `${i}`))].join('/')
}
