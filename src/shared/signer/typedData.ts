/**
 * EIP-712 typed data as the signer takes it (viem's shape: `types` without `EIP712Domain`,
 * integers as bigints), and the two forms derived from it:
 * - the JSON the Ethereum app's EIP-712 commands take through hw-app-eth (`EIP712Domain`
 *   listed, integers as decimal strings), for `signEIP712Message`;
 * - the domain separator and `hashStruct(message)`, for `signEIP712HashedMessage`, which the
 *   device shows as "Domain hash" and "Message hash" (EIP-712, "Specification of the
 *   eth_signTypedData JSON RPC": digest = keccak256(0x1901 ‖ domainSeparator ‖ hashStruct)).
 * Hashing is viem's, so the digest equals what any EIP-712 wallet signs.
 */
import { getTypesForEIP712Domain, hashDomain, hashStruct, hashTypedData } from 'viem'

export type Hex = `0x${string}`

export interface TypedDataField {
  readonly name: string
  readonly type: string
}

export interface TypedDataDomain {
  name?: string
  version?: string
  chainId?: bigint | number
  verifyingContract?: Hex
  salt?: Hex
}

/** What `signTypedData` takes: viem's shape, without `EIP712Domain` in `types`. */
export interface TypedDataToSign {
  domain: TypedDataDomain
  types: Readonly<Record<string, readonly TypedDataField[]>>
  primaryType: string
  message: object
}

export interface TypedDataHashes {
  /** The EIP-712 domain separator: the device's "Domain hash". */
  domainHash: Hex
  /** hashStruct(primaryType, message): the device's "Message hash". */
  messageHash: Hex
  /** The digest that is signed. */
  digest: Hex
}

export type DeviceJsonValue =
  string | number | boolean | DeviceJsonValue[] | { [key: string]: DeviceJsonValue }

/** Typed data in the JSON form hw-app-eth's `signEIP712Message` takes. */
export interface DeviceTypedData {
  domain: { [key: string]: DeviceJsonValue }
  types: { EIP712Domain: TypedDataField[]; [name: string]: TypedDataField[] }
  primaryType: string
  message: { [key: string]: DeviceJsonValue }
}

/** `types` with `EIP712Domain` derived from the fields the domain has (viem's rule). */
export function typesWithDomain(typedData: TypedDataToSign): Record<string, TypedDataField[]> {
  const types: Record<string, TypedDataField[]> = {
    EIP712Domain: getTypesForEIP712Domain({ domain: typedData.domain }).map((f) => ({
      name: f.name,
      type: f.type,
    })),
  }
  for (const [name, fields] of Object.entries(typedData.types)) {
    if (name !== 'EIP712Domain') types[name] = fields.map((f) => ({ name: f.name, type: f.type }))
  }
  return types
}

/** The domain separator, the message's hashStruct and the signed digest. */
export function typedDataHashes(typedData: TypedDataToSign): TypedDataHashes {
  const types = typesWithDomain(typedData)
  const message = typedData.message as Record<string, unknown>
  return {
    domainHash: hashDomain({ domain: typedData.domain, types }),
    messageHash: hashStruct({ data: message, primaryType: typedData.primaryType, types }),
    digest: hashTypedData({
      domain: typedData.domain,
      types,
      primaryType: typedData.primaryType,
      message,
    }),
  }
}

/** The JSON form for the device: integers as decimal strings. */
export function deviceTypedData(typedData: TypedDataToSign): DeviceTypedData {
  const types = typesWithDomain(typedData)
  return {
    domain: jsonValue(typedData.domain) as { [key: string]: DeviceJsonValue },
    types: types as DeviceTypedData['types'],
    primaryType: typedData.primaryType,
    message: jsonValue(typedData.message) as { [key: string]: DeviceJsonValue },
  }
}

function jsonValue(value: unknown): DeviceJsonValue {
  // bignumber.js (inside hw-app-eth) refuses numbers of more than 15 digits: send strings
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(jsonValue)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, jsonValue(v)]),
    )
  return value as string | number | boolean
}
