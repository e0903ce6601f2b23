/**
 * Canonical encoding of typed values (transaction messages and their structs) as RLP.
 *
 * A struct is an RLP list of its fields in declaration order (txTypes.ts). Per EIP-712 type:
 * - `uintN`: big-endian bytes without leading zeros (0 is the empty string), below 2^N;
 * - `bool`: 0x01 for true, the empty string for false;
 * - `address`: 20 bytes; `bytes32`: 32 bytes;
 * - `string`: UTF-8 bytes, at most `limits.maxStringBytes`;
 * - `T[]`: an RLP list of at most `limits.maxListLength` items.
 * Exactly one encoding is accepted for each value: decoders refuse anything else with
 * `NonCanonicalEncoding`, so a transaction's bytes (and hash) are determined by its content.
 */
import type { Input, NestedUint8Array } from '@ethereumjs/rlp'
import { RLP } from '@ethereumjs/rlp'
import {
  CustosError,
  FieldTooLarge,
  InvalidValue,
  MalformedError,
  NonCanonicalEncoding,
} from './errors'
import { bigintToBytes, bytesEqual, bytesToBigint, fromHex, toHex, utf8 } from './hash'
import { fieldsOf, limits } from './txTypes'

export type RlpItem = Uint8Array | NestedUint8Array

const utf8Decoder = new TextDecoder('utf-8', { fatal: true })

function uintBits(type: string): number | undefined {
  const match = /^uint(\d+)$/.exec(type)
  return match ? Number(match[1]) : undefined
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}

/** Validates a JS value against an EIP-712 type and returns its RLP input. */
export function encodeTyped(type: string, value: unknown, path: string): Input {
  if (type.endsWith('[]')) {
    if (!Array.isArray(value)) throw new InvalidValue(path, 'expected a list')
    if (value.length > limits.maxListLength)
      throw new FieldTooLarge(path, value.length, limits.maxListLength)
    const inner = type.slice(0, -2)
    return value.map((item, i) => encodeTyped(inner, item, `${path}[${i}]`))
  }
  const bits = uintBits(type)
  if (bits !== undefined) {
    if (typeof value !== 'bigint') throw new InvalidValue(path, 'expected an integer (bigint)')
    if (value < 0n) throw new InvalidValue(path, `must not be negative (got ${value})`)
    if (value >= 1n << BigInt(bits))
      throw new InvalidValue(path, `does not fit in ${type} (got ${value})`)
    return bigintToBytes(value)
  }
  switch (type) {
    case 'bool':
      if (typeof value !== 'boolean') throw new InvalidValue(path, 'expected true or false')
      return value ? Uint8Array.of(1) : new Uint8Array(0)
    case 'address':
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value))
        throw new InvalidValue(path, 'expected a 0x-prefixed 20-byte address')
      return fromHex(value)
    case 'bytes32':
      if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(value))
        throw new InvalidValue(path, 'expected 0x-prefixed 32 bytes')
      return fromHex(value)
    case 'string': {
      if (typeof value !== 'string') throw new InvalidValue(path, 'expected text')
      if (!value.isWellFormed()) throw new InvalidValue(path, 'text is not well-formed Unicode')
      const bytes = utf8(value)
      if (bytes.length > limits.maxStringBytes)
        throw new FieldTooLarge(path, bytes.length, limits.maxStringBytes)
      return bytes
    }
  }
  const fields = fieldsOf(type)
  if (!fields) throw new InvalidValue(path, `unknown type ${type}`)
  if (!isPlainObject(value)) throw new InvalidValue(path, `expected a ${type} object`)
  for (const key of Object.keys(value)) {
    if (!fields.some((f) => f.name === key)) throw new InvalidValue(path, `unknown field ${key}`)
  }
  return fields.map((f) => encodeTyped(f.type, value[f.name], `${path}.${f.name}`))
}

function expectBytes(item: RlpItem, path: string): Uint8Array {
  if (!(item instanceof Uint8Array)) throw new MalformedError(`${path}: expected bytes, got a list`)
  return item
}

function expectList(item: RlpItem, path: string): RlpItem[] {
  if (item instanceof Uint8Array) throw new MalformedError(`${path}: expected a list, got bytes`)
  return item as RlpItem[]
}

/** Decodes one RLP item as an EIP-712 typed value, refusing non-canonical forms. */
export function decodeTyped(type: string, item: RlpItem, path: string): unknown {
  if (type.endsWith('[]')) {
    const list = expectList(item, path)
    if (list.length > limits.maxListLength)
      throw new FieldTooLarge(path, list.length, limits.maxListLength)
    const inner = type.slice(0, -2)
    return list.map((entry, i) => decodeTyped(inner, entry, `${path}[${i}]`))
  }
  const bits = uintBits(type)
  if (bits !== undefined) {
    const bytes = expectBytes(item, path)
    if (bytes.length > 0 && bytes[0] === 0)
      throw new NonCanonicalEncoding(`${path}: integer has leading zero bytes`)
    if (bytes.length * 8 > bits) throw new InvalidValue(path, `does not fit in ${type}`)
    return bytesToBigint(bytes)
  }
  switch (type) {
    case 'bool': {
      const bytes = expectBytes(item, path)
      if (bytes.length === 0) return false
      if (bytes.length === 1 && bytes[0] === 1) return true
      throw new NonCanonicalEncoding(`${path}: bool must be empty or 0x01`)
    }
    case 'address': {
      const bytes = expectBytes(item, path)
      if (bytes.length !== 20)
        throw new InvalidValue(path, `address must be 20 bytes, got ${bytes.length}`)
      return toHex(bytes)
    }
    case 'bytes32': {
      const bytes = expectBytes(item, path)
      if (bytes.length !== 32)
        throw new InvalidValue(path, `expected 32 bytes, got ${bytes.length}`)
      return toHex(bytes)
    }
    case 'string': {
      const bytes = expectBytes(item, path)
      if (bytes.length > limits.maxStringBytes)
        throw new FieldTooLarge(path, bytes.length, limits.maxStringBytes)
      try {
        return utf8Decoder.decode(bytes)
      } catch (cause) {
        throw new InvalidValue(path, 'text is not valid UTF-8', { cause })
      }
    }
  }
  const fields = fieldsOf(type)
  if (!fields) throw new MalformedError(`${path}: unknown type ${type}`)
  const list = expectList(item, path)
  if (list.length !== fields.length)
    throw new MalformedError(`${path}: ${type} has ${fields.length} fields, got ${list.length}`)
  const out: Record<string, unknown> = {}
  fields.forEach((f, i) => {
    out[f.name] = decodeTyped(f.type, list[i] as RlpItem, `${path}.${f.name}`)
  })
  return out
}

/** RLP-decodes bytes and checks they are the canonical encoding of what they decode to. */
export function decodeRlpCanonical(bytes: Uint8Array, what: string): RlpItem {
  if (bytes.length === 0) throw new MalformedError(`${what}: no bytes`)
  let decoded: RlpItem
  try {
    decoded = RLP.decode(bytes) as RlpItem
  } catch (cause) {
    throw new MalformedError(`${what}: not valid RLP`, { cause })
  }
  if (!bytesEqual(RLP.encode(decoded), bytes))
    throw new NonCanonicalEncoding(`${what}: RLP encoding is not canonical`)
  return decoded
}

export function encodeRlp(input: Input): Uint8Array {
  return RLP.encode(input)
}

/** Wraps unexpected exceptions from decoding as `MalformedError`; typed errors pass through. */
export function asDecodeError(error: unknown, what: string): CustosError {
  if (error instanceof CustosError) return error
  return new MalformedError(`${what}: ${error instanceof Error ? error.message : String(error)}`, {
    cause: error,
  })
}
