/**
 * EIP-712 "Definition of hashStruct", computed the way the device receives a struct: one value
 * at a time, depth first, in definition order (EIP712 SEND STRUCT IMPLEMENTATION). The walk is
 * a generator: it yields what it needs next (an array size or an atomic value at a path) and
 * is resumed with it, so the command handler can feed it one APDU at a time.
 *
 *   hashStruct(s) = keccak256(typeHash ‖ encodeData(s))
 *   "The array values are encoded as the keccak256 hash of the concatenated encodeData of their
 *    contents … The struct values are encoded recursively as hashStruct(value)."
 */
import { keccak_256 } from '@noble/hashes/sha3.js'
import { concatBytes } from '@noble/hashes/utils.js'
import { StatusWordError } from '../errors'
import { StatusWords } from '../statusWords'
import type { DisplayedScreen } from '../types'
import { encodeAtomic } from './encodeAtomic'
import { fieldsOf, typeHash } from './encodeType'
import type { AtomicType, FieldType, StructDefinitions } from './fieldTypes'

/** What the walk needs next from the host. */
export type ImplementationRequest =
  | { kind: 'array-size'; path: string; fixedSize: number | null }
  | { kind: 'value'; path: string; type: AtomicType }

/** The host's answer: an array size, or an atomic value's raw bytes. */
export type ImplementationInput = number | Uint8Array

export type StructWalk<T> = Generator<ImplementationRequest, T, ImplementationInput>

/** Receives one screen per atomic value, titled with its path (`action.amount`, `legs[0].to`). */
export type OnLeaf = (screen: DisplayedScreen) => void

function* askArraySize(path: string, fixedSize: number | null): StructWalk<number> {
  const size = yield { kind: 'array-size', path, fixedSize }
  if (typeof size !== 'number')
    throw new StatusWordError(StatusWords.INVALID_DATA, `${path}: expected an array size`)
  if (fixedSize !== null && size !== fixedSize) {
    throw new StatusWordError(
      StatusWords.INVALID_DATA,
      `${path}: array of ${fixedSize} got ${size} elements`,
    )
  }
  return size
}

function* askValue(path: string, type: AtomicType): StructWalk<Uint8Array> {
  const raw = yield { kind: 'value', path, type }
  if (typeof raw === 'number')
    throw new StatusWordError(StatusWords.INVALID_DATA, `${path}: expected a value`)
  return raw
}

function* encodeValue(
  defs: StructDefinitions,
  type: FieldType,
  depth: number,
  path: string,
  onLeaf: OnLeaf,
): StructWalk<Uint8Array> {
  if (depth > 0) {
    // `T[2][]` is a dynamic array of T[2]: the outermost level is written last.
    const size = yield* askArraySize(path, type.arrayLevels[depth - 1] ?? null)
    const items: Uint8Array[] = []
    for (let i = 0; i < size; i++) {
      items.push(yield* encodeValue(defs, type, depth - 1, `${path}[${i}]`, onLeaf))
    }
    return keccak_256(concatBytes(...items))
  }
  if (type.base.kind === 'struct') return yield* hashStruct(defs, type.base.name, path, onLeaf)
  const { word, display } = encodeAtomic(type.base, yield* askValue(path, type.base))
  onLeaf({ title: path, value: display })
  return word
}

/**
 * Walks one struct value. `path` is the struct's own path ('' for a root struct); field
 * paths are `path.field`.
 */
export function* hashStruct(
  defs: StructDefinitions,
  name: string,
  path: string,
  onLeaf: OnLeaf,
): StructWalk<Uint8Array> {
  const words: Uint8Array[] = [typeHash(defs, name)]
  for (const field of fieldsOf(defs, name)) {
    const fieldPath = path === '' ? field.name : `${path}.${field.name}`
    words.push(
      yield* encodeValue(defs, field.type, field.type.arrayLevels.length, fieldPath, onLeaf),
    )
  }
  return keccak_256(concatBytes(...words))
}
