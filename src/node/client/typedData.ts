/**
 * The EIP-712 typed data of a transaction, in the two shapes signers take:
 * - `TxTypedData`: `{ domain, types, primaryType, message }` with bigints, exactly what viem's
 *   `signTypedData` takes (viem derives `EIP712Domain` from `domain` itself);
 * - `typedDataJson`: the same as plain JSON with `EIP712Domain` in `types` and integers as
 *   decimal strings, the form a Ledger device (hw-app-eth `signEIP712Message`) and any
 *   `eth_signTypedData_v4` wallet take.
 * Both hash to the protocol's `txDigest`, the transaction id (EIP-712, "Specification of the
 * eth_signTypedData JSON RPC").
 */
import { domainTypes, type CustosDomain } from '../protocol/eip712'
import type { TxMessages } from '../protocol/messages'
import { typedDataTypes, type TxKind, type TypedField } from '../protocol/txTypes'

export interface TxTypedData<K extends TxKind = TxKind> {
  domain: CustosDomain
  /** The primary type and every struct it references (no `EIP712Domain`). */
  types: Record<string, readonly TypedField[]>
  primaryType: K
  message: TxMessages[K]
}

export type TypedDataJsonValue =
  string | number | boolean | TypedDataJsonValue[] | { [key: string]: TypedDataJsonValue }

export interface TypedDataJson {
  domain: { name: string; version: string; chainId: number | string; verifyingContract: string }
  types: Record<string, Array<{ name: string; type: string }>>
  primaryType: string
  message: { [key: string]: TypedDataJsonValue }
}

/** The typed data a signer signs for `kind` and a canonical `message`. */
export function txTypedData<K extends TxKind>(
  domain: CustosDomain,
  kind: K,
  message: TxMessages[K],
): TxTypedData<K> {
  return { domain, types: typedDataTypes(kind), primaryType: kind, message }
}

/**
 * Typed data as JSON for hardware wallets and `eth_signTypedData_v4`: `EIP712Domain` listed,
 * integers as decimal strings (the chain id as a number while it is a safe integer).
 */
export function typedDataJson(typedData: TxTypedData): TypedDataJson {
  const chainId = typedData.domain.chainId
  return {
    domain: {
      name: typedData.domain.name,
      version: typedData.domain.version,
      chainId: chainId <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(chainId) : chainId.toString(),
      verifyingContract: typedData.domain.verifyingContract,
    },
    types: Object.fromEntries([
      ['EIP712Domain', domainTypes.map((f) => ({ name: f.name, type: f.type }))],
      ...Object.entries(typedData.types).map(([name, fields]) => [
        name,
        fields.map((f) => ({ name: f.name, type: f.type })),
      ]),
    ]),
    primaryType: typedData.primaryType,
    message: jsonValue(typedData.message) as { [key: string]: TypedDataJsonValue },
  }
}

function jsonValue(value: unknown): TypedDataJsonValue {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(jsonValue)
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, jsonValue(v)]))
  return value as string | number | boolean
}
