/**
 * Custos transactions as EIP-712 typed data, in the two shapes the tests need: viem's (bigint
 * values) and the JSON hw-app-eth takes (`EIP712Domain` listed in `types`, integers as
 * decimal strings, chainId as a number).
 */
import type { EIP712Message, EIP712MessageTypes } from '@ledgerhq/types-live'
import type { TypedDataDefinition } from 'viem'
import {
  custosDomain,
  domainTypes,
  typedDataTypes,
  type Address,
  type TxKind,
} from '../../../../src/node/protocol'
import { txSamples } from '../../../fixtures/txSamples'

export const CHAIN_ID = 7001n
export const VERIFYING_CONTRACT: Address = '0x00000000000000000000000000000000000c0575'

export interface CustosTypedData {
  viem: TypedDataDefinition
  ledger: EIP712Message
}

const copy = (field: { name: string; type: string }) => ({ name: field.name, type: field.type })

/** bigint → decimal string, recursively, as JSON-RPC wallets receive typed data. */
export function toJson(value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (Array.isArray(value)) return value.map(toJson)
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]))
  }
  return value
}

/** Typed data of `primaryType` with `message` (default: the kind's sample from `from`). */
export function custosTypedData(
  kind: TxKind,
  from: Address,
  message: Record<string, unknown> = { ...txSamples[kind], from },
): CustosTypedData {
  const domain = custosDomain(CHAIN_ID, VERIFYING_CONTRACT)
  const types: EIP712MessageTypes = { EIP712Domain: domainTypes.map(copy) }
  for (const [name, fields] of Object.entries(typedDataTypes(kind))) types[name] = fields.map(copy)
  const viem = { domain, types, primaryType: kind, message } as unknown as TypedDataDefinition
  const ledger: EIP712Message = {
    domain: { ...domain, chainId: Number(domain.chainId) },
    types,
    primaryType: kind,
    message: toJson(message) as Record<string, unknown>,
  }
  return { viem, ledger }
}
