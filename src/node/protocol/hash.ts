import { keccak_256 } from '@noble/hashes/sha3.js'
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js'
import type { Hex } from './messages'

export function keccak256(data: Uint8Array): Uint8Array {
  return keccak_256(data)
}

export function toHex(bytes: Uint8Array): Hex {
  return `0x${bytesToHex(bytes)}`
}

/** Decodes 0x-hex; throws a plain Error on bad hex (callers wrap it in a typed error). */
export function fromHex(hex: string): Uint8Array {
  if (hex.charCodeAt(0) !== 48 || hex.charCodeAt(1) !== 120 || hex.length % 2 !== 0)
    throw new Error('not 0x-prefixed even-length hex')
  // hexToBytes refuses any non-hex character
  return hexToBytes(hex.slice(2))
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let length = 0
  for (const part of parts) length += part.length
  const out = new Uint8Array(length)
  let offset = 0
  for (const part of parts) {
    out.set(part, offset)
    offset += part.length
  }
  return out
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Big-endian minimal bytes of a non-negative integer (0 → empty), as RLP wants it. */
export function bigintToBytes(value: bigint): Uint8Array {
  if (value === 0n) return new Uint8Array(0)
  let hex = value.toString(16)
  if (hex.length % 2) hex = `0${hex}`
  return hexToBytes(hex)
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  if (bytes.length === 0) return 0n
  return BigInt(`0x${bytesToHex(bytes)}`)
}

/** 32-byte big-endian word of a non-negative integer below 2^256. */
export function bigintToWord(value: bigint): Uint8Array {
  const out = new Uint8Array(32)
  let v = value
  for (let i = 31; i >= 0 && v > 0n; i--) {
    out[i] = Number(v & 0xffn)
    v >>= 8n
  }
  return out
}

const utf8Encoder = new TextEncoder()
export function utf8(text: string): Uint8Array {
  return utf8Encoder.encode(text)
}
