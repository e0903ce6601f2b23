/**
 * EIP-712 hashing of Custos typed data.
 *
 * Implements "Definition of hashStruct" and "Definition of encodeData" of EIP-712:
 *   hashStruct(s) = keccak256(typeHash ‖ encodeData(s)),
 *   typeHash = keccak256(encodeType(typeOf(s))),
 *   encodeType = "Name(type1 name1,…)" followed by referenced struct types sorted by name;
 *   atomic values are one 32-byte word; `string` is keccak256 of its UTF-8 bytes; an array is
 *   keccak256 of its elements' encodings concatenated; a struct field is its hashStruct.
 * and the signed digest keccak256(0x19 ‖ 0x01 ‖ domainSeparator ‖ hashStruct(message)).
 * The result equals viem's `hashTypedData` (tested), but type hashes are computed once.
 */
import { concatBytes, bigintToWord, fromHex, keccak256, toHex, utf8 } from './hash'
import type { Address, Hex } from './messages'
import { fieldsOf, type TypedField } from './txTypes'
import type { TxKind } from './txTypes'

export interface CustosDomain {
  name: 'Custos'
  version: '1'
  chainId: bigint
  verifyingContract: Address
}

/** The EIP-712 domain of a Tier-2 chain (ARCHITECTURE.md, "One signature scheme everywhere"). */
export function custosDomain(chainId: bigint, verifyingContract: Address): CustosDomain {
  return { name: 'Custos', version: '1', chainId, verifyingContract }
}

export const domainTypes = [
  { name: 'name', type: 'string' },
  { name: 'version', type: 'string' },
  { name: 'chainId', type: 'uint256' },
  { name: 'verifyingContract', type: 'address' },
] as const

const domainTypeHash = keccak256(
  utf8('EIP712Domain(string name,string version,uint256 chainId,address verifyingContract)'),
)

export function domainSeparator(domain: CustosDomain): Uint8Array {
  return keccak256(
    concatBytes(
      domainTypeHash,
      keccak256(utf8(domain.name)),
      keccak256(utf8(domain.version)),
      bigintToWord(domain.chainId),
      leftPad(fromHex(domain.verifyingContract)),
    ),
  )
}

function leftPad(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(32)
  out.set(bytes, 32 - bytes.length)
  return out
}

function baseType(type: string): string {
  return type.endsWith('[]') ? type.slice(0, -2) : type
}

function requireFields(typeName: string, extra?: Record<string, readonly TypedField[]>) {
  const fields = extra?.[typeName] ?? fieldsOf(typeName)
  if (!fields) throw new Error(`unknown EIP-712 type ${typeName}`)
  return fields
}

/** encodeType of EIP-712 for a Custos type (or a type given in `extra`). */
export function encodeType(
  typeName: string,
  extra?: Record<string, readonly TypedField[]>,
): string {
  const deps = new Set<string>()
  const collect = (name: string): void => {
    for (const field of requireFields(name, extra)) {
      const base = baseType(field.type)
      if ((extra?.[base] ?? fieldsOf(base)) && !deps.has(base) && base !== typeName) {
        deps.add(base)
        collect(base)
      }
    }
  }
  collect(typeName)
  const describe = (name: string): string =>
    `${name}(${requireFields(name, extra)
      .map((f) => `${f.type} ${f.name}`)
      .join(',')})`
  return [typeName, ...[...deps].sort()].map(describe).join('')
}

const typeHashCache = new Map<string, Uint8Array>()

function typeHash(typeName: string, extra?: Record<string, readonly TypedField[]>): Uint8Array {
  if (extra) return keccak256(utf8(encodeType(typeName, extra)))
  let hash = typeHashCache.get(typeName)
  if (!hash) {
    hash = keccak256(utf8(encodeType(typeName)))
    typeHashCache.set(typeName, hash)
  }
  return hash
}

function encodeValue(
  type: string,
  value: unknown,
  extra?: Record<string, readonly TypedField[]>,
): Uint8Array {
  if (type.endsWith('[]')) {
    const inner = type.slice(0, -2)
    return keccak256(concatBytes(...(value as unknown[]).map((v) => encodeValue(inner, v, extra))))
  }
  if (type.startsWith('uint')) return bigintToWord(value as bigint)
  switch (type) {
    case 'bool':
      return bigintToWord(value ? 1n : 0n)
    case 'address':
      return leftPad(fromHex(value as string))
    case 'bytes32':
      return fromHex(value as string)
    case 'string':
      return keccak256(utf8(value as string))
  }
  return hashStruct(type, value as Record<string, unknown>, extra)
}

/** hashStruct of EIP-712. The value must already be validated (see codec.ts). */
export function hashStruct(
  typeName: string,
  value: Record<string, unknown>,
  extra?: Record<string, readonly TypedField[]>,
): Uint8Array {
  const fields = requireFields(typeName, extra)
  const words: Uint8Array[] = [typeHash(typeName, extra)]
  for (const field of fields) words.push(encodeValue(field.type, value[field.name], extra))
  return keccak256(concatBytes(...words))
}

const separatorCache = new Map<string, Uint8Array>()

function cachedSeparator(domain: CustosDomain): Uint8Array {
  const key = `${domain.chainId}:${domain.verifyingContract.toLowerCase()}`
  let sep = separatorCache.get(key)
  if (!sep) {
    sep = domainSeparator(domain)
    separatorCache.set(key, sep)
  }
  return sep
}

/** The digest a signer signs: keccak256(0x1901 ‖ domainSeparator ‖ hashStruct(message)). */
export function typedDataDigest(
  domain: CustosDomain,
  primaryType: TxKind | string,
  message: Record<string, unknown>,
  extra?: Record<string, readonly TypedField[]>,
): Hex {
  return toHex(
    keccak256(
      concatBytes(
        Uint8Array.of(0x19, 0x01),
        cachedSeparator(domain),
        hashStruct(primaryType, message, extra),
      ),
    ),
  )
}
