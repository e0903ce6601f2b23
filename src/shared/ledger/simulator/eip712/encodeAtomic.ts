/**
 * EIP-712 "Definition of encodeData" for atomic values, from the raw bytes EIP712 SEND STRUCT
 * IMPLEMENTATION carries ("an integer in the JSON file represented as "128" would only be 1
 * byte long (0x80)"), and the text the device shows for each value.
 *
 * encodeData: "Boolean false and true are encoded as uint256 values 0 and 1 respectively.
 * Addresses are encoded as uint160. Integer values are sign-extended to 256-bit and encoded in
 * big endian order. bytes1 to bytes31 are arrays with a beginning (index 0) and an end (index
 * length - 1), they are zero-padded at the end to bytes32 … The dynamic values bytes and
 * string are encoded as a keccak256 hash of their contents."
 * Checks follow the app's encode_field.c: at most 32 bytes; address exactly 20; bool exactly
 * 1; a signed value is negative only when it has the full type size and its top bit is set.
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex } from '@noble/hashes/utils.js'
import { checksumAddress } from '../address'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'
import type { AtomicType } from './fieldTypes'

export interface EncodedAtomic {
  /** The 32-byte word this value contributes to its struct's encodeData. */
  word: Uint8Array
  /** The value as the device displays it. */
  display: string
}

const WORD = 32
const utf8 = new TextDecoder('utf-8', { fatal: false })

function invalid(reason: string): StatusWordError {
  return new StatusWordError(StatusWords.INVALID_DATA, `EIP-712 field value: ${reason}`)
}

function padLeft(raw: Uint8Array, fill: number): Uint8Array {
  if (raw.length > WORD) throw invalid(`${raw.length} bytes do not fit 32`)
  const word = new Uint8Array(WORD).fill(fill)
  word.set(raw, WORD - raw.length)
  return word
}

function toBigInt(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytesToHex(bytes)}`)
}

export function encodeAtomic(type: AtomicType, raw: Uint8Array): EncodedAtomic {
  switch (type.kind) {
    case 'uint': {
      const word = padLeft(raw, 0x00)
      return { word, display: toBigInt(word).toString() }
    }
    case 'int': {
      const negative = raw.length === type.bytes && ((raw[0] ?? 0) & 0x80) !== 0
      const word = padLeft(raw, negative ? 0xff : 0x00)
      const value = toBigInt(word)
      return { word, display: (negative ? value - (1n << 256n) : value).toString() }
    }
    case 'address':
      if (raw.length !== 20) throw invalid(`an address has 20 bytes, not ${raw.length}`)
      return { word: padLeft(raw, 0x00), display: checksumAddress(raw) }
    case 'bool':
      if (raw.length !== 1) throw invalid(`a bool has 1 byte, not ${raw.length}`)
      return { word: padLeft(raw, 0x00), display: raw[0] === 0 ? 'false' : 'true' }
    case 'bytes-fixed': {
      if (raw.length > type.bytes) throw invalid(`bytes${type.bytes} got ${raw.length} bytes`)
      const word = new Uint8Array(WORD)
      word.set(raw)
      return { word, display: `0x${bytesToHex(raw)}` }
    }
    case 'string':
      return { word: keccak_256(raw), display: utf8.decode(raw) }
    case 'bytes':
      return { word: keccak_256(raw), display: `0x${bytesToHex(raw)}` }
  }
}
