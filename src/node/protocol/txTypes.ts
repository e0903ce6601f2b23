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
  /** A named group of an account's members. */
  Group: [
    { name: 'name', type: 'string' },
    { name: 'members', type: 'address[]' },
  ],
  /**
   * One node of a rule's approval requirement, as a flat list whose first node is the root:
   * `op` 'group' needs `threshold` members of `group`; 'all' / 'any' combine the nodes listed
   * in `children` (indexes of later nodes of the same list).
   */
  Requirement: [
    { name: 'op', type: 'string' },
    { name: 'group', type: 'string' },
    { name: 'threshold', type: 'uint32' },
    { name: 'children', type: 'uint32[]' },
  ],
  /**
   * One rule of an account's policy. Empty lists and zero amounts mean "no condition":
   * `kinds`, `assets`, `counterparties` empty = any; `initiatorMembers` and `initiatorGroups`
   * both empty = any member; `minAmount` / `maxAmount` 0 = unbounded; `velocityAsset` '' = no
   * velocity limit; `timelockBlocks` / `expirySeconds` 0 = none.
   */
  Rule: [
    { name: 'name', type: 'string' },
    { name: 'kinds', type: 'string[]' },
    { name: 'assets', type: 'string[]' },
    { name: 'minAmount', type: 'uint256' },
    { name: 'maxAmount', type: 'uint256' },
    { name: 'counterparties', type: 'address[]' },
    { name: 'initiatorMembers', type: 'address[]' },
    { name: 'initiatorGroups', type: 'string[]' },
    { name: 'outcome', type: 'string' },
    { name: 'approvals', type: 'Requirement[]' },
    { name: 'excludeInitiator', type: 'bool' },
    { name: 'velocityAsset', type: 'string' },
    { name: 'velocityAmount', type: 'uint256' },
    { name: 'velocityPeriod', type: 'uint64' },
    { name: 'timelockBlocks', type: 'uint64' },
    { name: 'expirySeconds', type: 'uint64' },
  ],
  /**
   * What a multi-approver account is asked to do. `kind` is one of `accountActionKinds`;
   * `counterparty` is the receiver (transfer, mint), the holder (redeem, freeze, unfreeze) or
   * the account's counterparty leg receiver (dvp-affirmation), the zero address otherwise;
   * `reference` is the instruction id (dvp-affirmation), the hash of the new members and
   * policy (policy-change), zero otherwise. Approvals repeat it so a signer sees what they
   * approve.
   */
  Action: [
    { name: 'kind', type: 'string' },
    { name: 'symbol', type: 'string' },
    { name: 'counterparty', type: 'address' },
    { name: 'amount', type: 'uint256' },
    { name: 'reference', type: 'bytes32' },
  ],
  /**
   * What a governance proposal does. `kind` is one of `govActionKinds`; `target` is the
   * validator (add, remove, set power) or the role's subject (grant, revoke); unused fields are
   * zero or empty.
   */
  GovAction: [
    { name: 'kind', type: 'string' },
    { name: 'target', type: 'address' },
    { name: 'power', type: 'uint64' },
    { name: 'role', type: 'string' },
    { name: 'param', type: 'string' },
    { name: 'value', type: 'string' },
    { name: 'haltHeight', type: 'uint64' },
  ],
} as const satisfies Record<string, readonly TypedField[]>

/** Kinds of `Action` a multi-approver account can propose. */
export const accountActionKinds = [
  'transfer',
  'dvp-affirmation',
  'mint',
  'redeem',
  'pause',
  'unpause',
  'freeze',
  'unfreeze',
  'policy-change',
] as const
export type AccountActionKind = (typeof accountActionKinds)[number]

/** Kinds of `GovAction`. */
export const govActionKinds = [
  'add-validator',
  'remove-validator',
  'set-validator-power',
  'grant-role',
  'revoke-role',
  'change-param',
  'text',
  'software-upgrade',
] as const
export type GovActionKind = (typeof govActionKinds)[number]

/** Options of a governance vote (`veto` is Cosmos' NoWithVeto). */
export const voteOptions = ['yes', 'no', 'abstain', 'veto'] as const
export type VoteOption = (typeof voteOptions)[number]

const accountMembersAndPolicy: readonly TypedField[] = [
  { name: 'members', type: 'address[]' },
  { name: 'groups', type: 'Group[]' },
  { name: 'policy', type: 'Rule[]' },
  { name: 'adminRule', type: 'Rule[]' },
]

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
  // accounts: the account's address is derived from the creator and nonce (accountAddress)
  CreateAccount: [{ name: 'name', type: 'string' }, ...accountMembersAndPolicy, ...replay],
  ProposeAction: [
    { name: 'account', type: 'address' },
    { name: 'action', type: 'Action' },
    ...replay,
  ],
  ProposePolicyChange: [
    { name: 'account', type: 'address' },
    ...accountMembersAndPolicy,
    ...replay,
  ],
  ApproveProposal: [
    { name: 'account', type: 'address' },
    { name: 'proposalId', type: 'bytes32' },
    { name: 'action', type: 'Action' },
    { name: 'policyVersion', type: 'uint64' },
    ...replay,
  ],
  RejectProposal: [
    { name: 'account', type: 'address' },
    { name: 'proposalId', type: 'bytes32' },
    { name: 'reason', type: 'string' },
    ...replay,
  ],
  CancelProposal: [
    { name: 'account', type: 'address' },
    { name: 'proposalId', type: 'bytes32' },
    ...replay,
  ],
  ExecuteProposal: [
    { name: 'account', type: 'address' },
    { name: 'proposalId', type: 'bytes32' },
    ...replay,
  ],
  // governance
  SubmitGovProposal: [
    { name: 'title', type: 'string' },
    { name: 'description', type: 'string' },
    { name: 'action', type: 'GovAction' },
    ...replay,
  ],
  CastVote: [
    { name: 'proposalId', type: 'bytes32' },
    { name: 'option', type: 'string' },
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
  /** Longest list field (legs, jurisdictions, identifiers, members, rules). */
  maxListLength: 64,
} as const
