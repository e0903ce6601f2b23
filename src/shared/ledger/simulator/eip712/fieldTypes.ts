/**
 * EIP-712 field types as the host describes them in EIP712 SEND STRUCT DEFINITION (INS 0x1A,
 * P2 0xFF; doc/ethapp.adoc), and the type strings EIP-712's encodeType is built from.
 *
 * A field definition is: TypeDesc (1 byte: bit 7 "is an array", bit 6 "has a size", bits 0-3
 * the type: 0 custom struct, 1 int, 2 uint, 3 address, 4 bool, 5 string, 6 fixed-size bytes,
 * 7 dynamic bytes); for a custom type its name (length byte + name); TypeSize (1 byte, in
 * bytes) if flagged; for arrays ArrayLevelCount then per level 0 (dynamic, `[]`) or 1 and a
 * size byte (fixed, `[N]`); then KeyLength and Key (the field name).
 */
import { ByteReader } from '../apdu'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'

export type AtomicType =
  | { kind: 'int' | 'uint' | 'bytes-fixed'; bytes: number }
  | { kind: 'address' | 'bool' | 'string' | 'bytes' }

export type BaseType = AtomicType | { kind: 'struct'; name: string }

export interface FieldType {
  base: BaseType
  /** Array levels in the order written (`uint8[2][]` → [2, null]); null is dynamic. */
  arrayLevels: readonly (number | null)[]
}

export interface StructField {
  name: string
  type: FieldType
}

/** Struct name → its fields in order, as defined by the host. */
export type StructDefinitions = ReadonlyMap<string, readonly StructField[]>

const TYPE_CODES = [
  'struct',
  'int',
  'uint',
  'address',
  'bool',
  'string',
  'bytes-fixed',
  'bytes',
] as const
const SIZED = new Set(['int', 'uint', 'bytes-fixed'])

function invalid(reason: string): StatusWordError {
  return new StatusWordError(StatusWords.INVALID_DATA, `EIP-712 struct definition: ${reason}`)
}

const utf8 = new TextDecoder('utf-8', { fatal: false })

/** Parses the payload of EIP712 SEND STRUCT DEFINITION with P2 = struct field. */
export function parseFieldDefinition(payload: Uint8Array): StructField {
  const reader = new ByteReader(payload)
  const desc = reader.u8('TypeDesc')
  const isArray = (desc & 0x80) !== 0
  const hasSize = (desc & 0x40) !== 0
  const kind = TYPE_CODES[desc & 0x0f]
  if (kind === undefined || (desc & 0x30) !== 0)
    throw invalid(`unknown TypeDesc 0x${desc.toString(16)}`)

  let base: BaseType
  if (kind === 'struct') {
    base = { kind, name: utf8.decode(reader.take(reader.u8('type name length'), 'type name')) }
  } else if (SIZED.has(kind) !== hasSize) {
    throw invalid(`${kind} ${hasSize ? 'takes no' : 'needs a'} TypeSize`)
  } else if (kind === 'int' || kind === 'uint' || kind === 'bytes-fixed') {
    const bytes = reader.u8('TypeSize')
    if (bytes < 1 || bytes > 32) throw invalid(`TypeSize ${bytes} is not 1 to 32 bytes`)
    base = { kind, bytes }
  } else {
    base = { kind }
  }
  if (base.kind === 'struct' && hasSize) throw invalid('a custom type takes no TypeSize')

  const arrayLevels: (number | null)[] = []
  if (isArray) {
    const count = reader.u8('ArrayLevelCount')
    for (let i = 0; i < count; i++) {
      const level = reader.u8('array level type')
      if (level === 0) arrayLevels.push(null)
      else if (level === 1) arrayLevels.push(reader.u8('array level size'))
      else throw invalid(`unknown array level type ${level}`)
    }
    if (count === 0) throw invalid('an array needs at least one level')
  }
  const name = utf8.decode(reader.take(reader.u8('KeyLength'), 'Key'))
  reader.end('the field definition')
  if (name.length === 0) throw invalid('empty field name')
  return { name, type: { base, arrayLevels } }
}

/** The Solidity type name of a base type, as written in encodeType (`uint64`, `bytes32`). */
export function baseTypeName(base: BaseType): string {
  switch (base.kind) {
    case 'struct':
      return base.name
    case 'int':
    case 'uint':
      return `${base.kind}${base.bytes * 8}`
    case 'bytes-fixed':
      return `bytes${base.bytes}`
    default:
      return base.kind
  }
}

/** The full type string (`Requirement[]`, `uint8[2][]`). */
export function typeName(type: FieldType): string {
  return (
    baseTypeName(type.base) + type.arrayLevels.map((n) => (n === null ? '[]' : `[${n}]`)).join('')
  )
}
