import type { TxKind } from './txTypes'

/** A 20-byte account address, lowercase 0x-hex in canonical form. */
export type Address = `0x${string}`
/** 0x-prefixed hex bytes. */
export type Hex = `0x${string}`

export interface ComplianceRules {
  /** Both parties of a transfer need a valid KYC claim. */
  kycRequired: boolean
  /** The receiver needs a valid accreditation claim. */
  accreditationRequired: boolean
  /** ISO-3166 alpha-2 codes a receiver's jurisdiction must be in (empty = any). */
  allowJurisdictions: string[]
  /** ISO-3166 alpha-2 codes a receiver's jurisdiction must not be in. */
  denyJurisdictions: string[]
  /** Most holders with a positive balance (0 = unlimited). */
  maxHolders: bigint
  /** Largest balance one holder may reach (0 = unlimited). */
  maxBalancePerHolder: bigint
  /** Transfers between holders are refused before this unix time (seconds). */
  lockupUntil: bigint
  /** Most a holder may send per period (0 = unlimited). */
  maxTransferPerPeriod: bigint
  /** Length of that period in seconds (fixed windows from unix time 0). */
  transferPeriod: bigint
}

export interface Leg {
  symbol: string
  from: Address
  to: Address
  amount: bigint
}

export interface Group {
  name: string
  members: Address[]
}

export interface Requirement {
  op: string
  group: string
  threshold: bigint
  children: bigint[]
}

/** One policy rule as signed (see `structTypes.Rule` for the meaning of empty fields). */
export interface Rule {
  name: string
  kinds: string[]
  assets: string[]
  minAmount: bigint
  maxAmount: bigint
  counterparties: Address[]
  initiatorMembers: Address[]
  initiatorGroups: string[]
  outcome: string
  approvals: Requirement[]
  excludeInitiator: boolean
  velocityAsset: string
  velocityAmount: bigint
  velocityPeriod: bigint
  timelockBlocks: bigint
  expirySeconds: bigint
}

/** An account's members, groups and policy as signed. */
export interface MembersAndPolicy {
  members: Address[]
  groups: Group[]
  policy: Rule[]
  /** Zero or one rule. */
  adminRule: Rule[]
}

export interface Action {
  kind: string
  symbol: string
  counterparty: Address
  amount: bigint
  reference: Hex
}

export interface GovAction {
  kind: string
  target: Address
  power: bigint
  role: string
  param: string
  value: string
  haltHeight: bigint
}

interface Replay {
  /** The signer. */
  from: Address
  nonce: bigint
  validUntil: bigint
}

/** The message of each transaction kind, as signed (EIP-712 `message`). */
export interface TxMessages {
  RegisterParticipant: Replay & { name: string }
  IssueClaim: Replay & { subject: Address; topic: string; value: string; expiresAt: bigint }
  RevokeClaim: Replay & { subject: Address; topic: string }
  CreateToken: Replay & {
    symbol: string
    name: string
    decimals: bigint
    assetClass: string
    documentsHash: Hex
    identifiers: string[]
    rules: ComplianceRules
  }
  SetComplianceRules: Replay & { symbol: string; rules: ComplianceRules }
  Transfer: Replay & { symbol: string; to: Address; amount: bigint }
  Mint: Replay & { symbol: string; to: Address; amount: bigint }
  Redeem: Replay & { symbol: string; holder: Address; amount: bigint }
  SetPaused: Replay & { symbol: string; paused: boolean }
  FreezeAddress: Replay & { symbol: string; holder: Address; frozen: boolean }
  SetFrozenAmount: Replay & { symbol: string; holder: Address; amount: bigint }
  ForcedTransfer: Replay & { symbol: string; holder: Address; to: Address; amount: bigint }
  RecoverAddress: Replay & { symbol: string; lost: Address; replacement: Address }
  CreateInstruction: Replay & { reference: string; legs: Leg[]; settleBy: bigint }
  AffirmInstruction: Replay & { instructionId: Hex }
  RejectInstruction: Replay & { instructionId: Hex; reason: string }
  CreateAccount: Replay & MembersAndPolicy & { name: string }
  ProposeAction: Replay & { account: Address; action: Action }
  ProposePolicyChange: Replay & MembersAndPolicy & { account: Address }
  ApproveProposal: Replay & {
    account: Address
    proposalId: Hex
    action: Action
    policyVersion: bigint
  }
  RejectProposal: Replay & { account: Address; proposalId: Hex; reason: string }
  CancelProposal: Replay & { account: Address; proposalId: Hex }
  ExecuteProposal: Replay & { account: Address; proposalId: Hex }
  SubmitGovProposal: Replay & { title: string; description: string; action: GovAction }
  CastVote: Replay & { proposalId: Hex; option: string }
}

/** An unsigned transaction: its kind and message. */
export type UnsignedTx = { [K in TxKind]: { kind: K; message: TxMessages[K] } }[TxKind]

/** A transaction of one kind, signed for a chain by `message.from`. */
export type SignedTxOf<K extends TxKind> = {
  kind: K
  chainId: bigint
  message: TxMessages[K]
  /** 65 bytes r ‖ s ‖ v (v = 27 or 28), low-s. */
  signature: Hex
}

export type SignedTx = { [K in TxKind]: SignedTxOf<K> }[TxKind]
