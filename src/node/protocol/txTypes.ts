/**
 * EIP-712 type definitions of every Tier-2 transaction kind.
 *
 * Each kind is a primary type whose last three fields are `from` (the signer: the signature
 * must recover this address, and it makes every transaction's EIP-712 hash, its id, unique),
 * `nonce` (the signer's next nonce) and `validUntil` (unix seconds; the transaction is refused
 * in a block whose time is later).
 * The field order here is also the order of the canonical RLP encoding (see codec.ts), so it
 * is part of the protocol: never reorder, only add new kinds.
 */

export interface TypedField {
  readonly name: string
  readonly type: string
}

const replay: readonly TypedField[] = [
  { name: 'from', type: 'address' },
  { name: 'nonce', type: 'uint64' },
  { name: 'validUntil', type: 'uint64' },
]

/** Struct types referenced by transaction kinds. */
export const structTypes = {
  ComplianceRules: [
    { name: 'kycRequired', type: 'bool' },
    { name: 'accreditationRequired', type: 'bool' },
    { name: 'allowJurisdictions', type: 'string[]' },
    { name: 'denyJurisdictions', type: 'string[]' },
    { name: 'maxHolders', type: 'uint32' },
    { name: 'maxBalancePerHolder', type: 'uint256' },
    { name: 'lockupUntil', type: 'uint64' },
    { name: 'maxTransferPerPeriod', type: 'uint256' },
    { name: 'transferPeriod', type: 'uint64' },
  ],
  Leg: [
    { name: 'symbol', type: 'string' },
    { name: 'from', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'amount', type: 'uint256' },
  ],
} as const satisfies Record<string, readonly TypedField[]>

/** Primary types: one per transaction kind. */
export const txKindTypes = {
  // identity
  RegisterParticipant: [{ name: 'name', type: 'string' }, ...replay],
  IssueClaim: [
    { name: 'subject', type: 'address' },
    { name: 'topic', type: 'string' },
    { name: 'value', type: 'string' },
    { name: 'expiresAt', type: 'uint64' },
    ...replay,
  ],
  RevokeClaim: [{ name: 'subject', type: 'address' }, { name: 'topic', type: 'string' }, ...replay],
  // assets
  CreateToken: [
    { name: 'symbol', type: 'string' },
    { name: 'name', type: 'string' },
    { name: 'decimals', type: 'uint8' },
    { name: 'assetClass', type: 'string' },
    { name: 'documentsHash', type: 'bytes32' },
    { name: 'identifiers', type: 'string[]' },
    { name: 'rules', type: 'ComplianceRules' },
    ...replay,
  ],
  SetComplianceRules: [
    { name: 'symbol', type: 'string' },
    { name: 'rules', type: 'ComplianceRules' },
    ...replay,
  ],
  Transfer: [
    { name: 'symbol', type: 'string' },
    { name: 'to', type: 'address' },
    { name: 'amount', type: 'uint256' },
    ...replay,
  ],
  Mint: [
    { name: 'symbol', type: 'string' },
    { name: 'to', type: 'address' },
    { name: 'amount', type: 'uint256' },
    ...replay,
  ],
  Redeem: [
    { name: 'symbol', type: 'string' },
    { name: 'holder', type: 'address' },
    { name: 'amount', type: 'uint256' },
    ...replay,
  ],
  SetPaused: [{ name: 'symbol', type: 'string' }, { name: 'paused', type: 'bool' }, ...replay],
  FreezeAddress: [
    { name: 'symbol', type: 'string' },
    { name: 'holder', type: 'address' },
    { name: 'frozen', type: 'bool' },
    ...replay,
  ],
  SetFrozenAmount: [
    { name: 'symbol', type: 'string' },
    { name: 'holder', type: 'address' },
    { name: 'amount', type: 'uint256' },
    ...replay,
  ],
  ForcedTransfer: [
    { name: 'symbol', type: 'string' },
    { name: 'holder', type: 'address' },
    { name: 'to', type: 'address' },
    { name: 'amount', type: 'uint256' },
    ...replay,
  ],
  RecoverAddress: [
    { name: 'symbol', type: 'string' },
    { name: 'lost', type: 'address' },
    { name: 'replacement', type: 'address' },
    ...replay,
  ],
  // settlement
  CreateInstruction: [
    { name: 'reference', type: 'string' },
    { name: 'legs', type: 'Leg[]' },
    { name: 'settleBy', type: 'uint64' },
    ...replay,
  ],
  AffirmInstruction: [{ name: 'instructionId', type: 'bytes32' }, ...replay],
  RejectInstruction: [
    { name: 'instructionId', type: 'bytes32' },
    { name: 'reason', type: 'string' },
    ...replay,
  ],
} as const satisfies Record<string, readonly TypedField[]>

export type TxKind = keyof typeof txKindTypes
export type StructName = keyof typeof structTypes

export const txKinds = Object.keys(txKindTypes) as TxKind[]

export function isTxKind(value: string): value is TxKind {
  return Object.hasOwn(txKindTypes, value)
}

/** Fields of a primary or struct type, or undefined when the name is not a Custos type. */
export function fieldsOf(typeName: string): readonly TypedField[] | undefined {
  if (Object.hasOwn(txKindTypes, typeName)) return txKindTypes[typeName as TxKind]
  if (Object.hasOwn(structTypes, typeName)) return structTypes[typeName as StructName]
  return undefined
}

/**
 * The EIP-712 `types` object for one kind (its primary type plus the structs it references),
 * as wallets and viem's `signTypedData` expect it.
 */
export function typedDataTypes(kind: TxKind): Record<string, readonly TypedField[]> {
  const types: Record<string, readonly TypedField[]> = { [kind]: txKindTypes[kind] }
  const visit = (fields: readonly TypedField[]): void => {
    for (const field of fields) {
      const base = field.type.replace(/\[\]$/, '')
      if (Object.hasOwn(structTypes, base) && !types[base]) {
        const struct = structTypes[base as StructName]
        types[base] = struct
        visit(struct)
      }
    }
  }
  visit(txKindTypes[kind])
  return types
}

/** Protocol-wide size limits, checked when decoding and before signing. */
export const limits = {
  /** Largest encoded transaction, in bytes. */
  maxTxBytes: 16 * 1024,
  /** Longest string field, in UTF-8 bytes. */
  maxStringBytes: 256,
  /** Longest list field (legs, jurisdictions, identifiers). */
  maxListLength: 64,
} as const
