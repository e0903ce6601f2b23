/**
 * EIP-712 typed data as it crosses the bridge (integers as decimal strings) back to the form
 * the signer hashes (integers as bigints), walking the declared types so only `uint*`/`int*`
 * fields (and the domain's `chainId`) are converted.
 */
import type { TypedDataToSign } from '../../shared/signer'
import { HandlerError } from './errors'

type Fields = Readonly<Record<string, ReadonlyArray<{ name: string; type: string }>>>

export interface TypedDataJson {
  domain: Record<string, unknown>
  types: Record<string, Array<{ name: string; type: string }>>
  primaryType: string
  message: Record<string, unknown>
}

export function typedDataFromJson(json: TypedDataJson): TypedDataToSign {
  // the domain's fields are implied by the domain itself; the signer adds them
  const types = Object.fromEntries(
    Object.entries(json.types).filter(([name]) => name !== 'EIP712Domain'),
  )
  if (!(json.primaryType in types))
    throw new HandlerError('INVALID_REQUEST', `typedData.types has no ${json.primaryType}`)
  const domain = { ...json.domain }
  if (domain['chainId'] !== undefined)
    domain['chainId'] = integer(domain['chainId'], 'domain.chainId')
  return {
    domain,
    types,
    primaryType: json.primaryType,
    message: struct(types, json.primaryType, json.message, 'message') as object,
  }
}

function struct(types: Fields, name: string, value: unknown, at: string): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new HandlerError('INVALID_REQUEST', `${at} must be an object of type ${name}`)
  const fields = types[name] ?? []
  const out: Record<string, unknown> = {}
  for (const field of fields)
    out[field.name] = fieldValue(
      types,
      field.type,
      (value as Record<string, unknown>)[field.name],
      `${at}.${field.name}`,
    )
  return out
}

function fieldValue(types: Fields, type: string, value: unknown, at: string): unknown {
  if (type.endsWith(']')) {
    if (!Array.isArray(value)) throw new HandlerError('INVALID_REQUEST', `${at} must be a list`)
    const inner = type.slice(0, type.lastIndexOf('['))
    return value.map((item, i) => fieldValue(types, inner, item, `${at}[${i}]`))
  }
  if (type in types) return struct(types, type, value, at)
  if (/^u?int\d*$/.test(type)) return integer(value, at)
  return value
}

function integer(value: unknown, at: string): bigint {
  if (typeof value === 'string' && /^-?(0|[1-9]\d*)$/.test(value)) return BigInt(value)
  if (typeof value === 'number' && Number.isSafeInteger(value)) return BigInt(value)
  throw new HandlerError('INVALID_REQUEST', `${at} must be an integer written in decimal`)
}
