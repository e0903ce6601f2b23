/**
 * EIP-712 "Definition of encodeType" over the struct definitions the host sent:
 *   "The type of a struct is encoded as name ‖ "(" ‖ member₁ ‖ "," ‖ member₂ ‖ "," ‖ … ‖
 *    memberₙ ")" where each member is written as type ‖ " " ‖ name. … If the struct type
 *    references other struct types (and these in turn reference even more struct types), then
 *    the set of referenced struct types is collected, sorted by name and appended to the
 *    encoding."
 * and typeHash = keccak256(encodeType(type)).
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { utf8ToBytes } from '@noble/hashes/utils.js'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'
import { typeName, type StructDefinitions, type StructField } from './fieldTypes'

/** The fields of a defined struct; an undefined one answers 0x6A80. */
export function fieldsOf(defs: StructDefinitions, name: string): readonly StructField[] {
  const fields = defs.get(name)
  if (!fields) {
    throw new StatusWordError(StatusWords.INVALID_DATA, `EIP-712 struct '${name}' was not defined`)
  }
  return fields
}

export function encodeType(defs: StructDefinitions, primary: string): string {
  const referenced = new Set<string>()
  const collect = (name: string): void => {
    for (const field of fieldsOf(defs, name)) {
      const base = field.type.base
      if (base.kind === 'struct' && base.name !== primary && !referenced.has(base.name)) {
        referenced.add(base.name)
        collect(base.name)
      }
    }
  }
  collect(primary)
  const describe = (name: string): string =>
    `${name}(${fieldsOf(defs, name)
      .map((f) => `${typeName(f.type)} ${f.name}`)
      .join(',')})`
  return [primary, ...[...referenced].sort()].map(describe).join('')
}

export function typeHash(defs: StructDefinitions, primary: string): Uint8Array {
  return keccak_256(utf8ToBytes(encodeType(defs, primary)))
}
