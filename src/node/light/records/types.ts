/**
 * What the local records database keeps, as the app and the export read it.
 *
 * Every chain record relates to a height whose verified header is recorded too (the database
 * refuses a record before its header), and carries that header's block time, so an export can
 * re-verify each record offline against the header: a transaction by its Merkle proof against
 * `txRoot`, a state snapshot by its state proof against `stateRoot` (see `verifyRecord.ts`).
 * Times are unix milliseconds (`timeMs`), heights bigints, addresses and hashes lowercase hex.
 */
import type { Commit, Header, Validator } from '../../protocol/block'
import type { Address, Hex } from '../../protocol/messages'
import type { StateProof } from '../../protocol/stateProof'
import type { TxKind } from '../../protocol/txTypes'
import type { AccountRecord, Proposal, ProposalStatus } from '../../state/accounts/types'
import type { GovProposal, GovProposalStatus } from '../../state/governance/types'

/** The kinds of record, in the order `iterateRecords` yields records of equal time. */
export const RECORD_TYPES = [
  'block',
  'transaction',
  'proposal',
  'govProposal',
  'policyVersion',
  'holding',
  'audit',
] as const

export type RecordType = (typeof RECORD_TYPES)[number]

/** A JSON value (audit details). */
export type JsonValue =
  string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue }

/**
 * A verified header with the commit that finalized it and the validator set that signed it
 * (the light client's LightBlock). Stored as RLP (header, commit) and state-value JSON
 * (validators).
 */
export interface BlockRecord {
  type: 'block'
  height: bigint
  timeMs: number
  /** keccak256(RLP(header)). */
  hash: Hex
  header: Header
  commit: Commit
  validators: Validator[]
}

/**
 * A transaction touching one of the institution's accounts, with what it takes to prove its
 * inclusion: `verifyMerkleProof(header.txRoot, id, index, txCount, proof)`.
 */
export interface TransactionRecord {
  type: 'transaction'
  /** The EIP-712 digest the signer signed (the Merkle leaf). */
  id: Hex
  height: bigint
  timeMs: number
  /** Position in the block and number of transactions in it. */
  index: number
  txCount: number
  /** The signed envelope, canonical RLP (`decodeTx`). */
  bytes: Uint8Array
  /** Merkle sibling hashes from the leaf up to the root. */
  proof: Hex[]
  kind: TxKind
  /** The declared signer (`message.from`). */
  from: Address
  /** The institution's accounts it touches (as the recorder said), sorted. */
  accounts: Address[]
  /**
   * The custody or governance proposal it concerns: the `proposalId` of an approval, rejection,
   * cancellation, execution or vote, or its own id for a proposal it creates; else null.
   */
  proposalId: Hex | null
}

/** A state record as proven at a height: the bytes of `proof.value` are the record. */
interface Snapshot {
  height: bigint
  timeMs: number
  /** The state proof against the `stateRoot` of the header at `height`. */
  proof: StateProof
}

/** A custody proposal as it stood at a height (its approvals: `approvals(id)`). */
export interface ProposalRecord extends Snapshot {
  type: 'proposal'
  id: Hex
  account: Address
  status: ProposalStatus
  proposal: Proposal
}

/** A governance proposal as it stood at a height (its votes: `votes(id)`). */
export interface GovProposalRecord extends Snapshot {
  type: 'govProposal'
  id: Hex
  status: GovProposalStatus
  proposal: GovProposal
}

/** One version of a multi-approver account's members and policy, first seen at a height. */
export interface PolicyVersionRecord extends Snapshot {
  type: 'policyVersion'
  account: Address
  policyVersion: bigint
  record: AccountRecord
}

/** A token balance at a height (absent from state = 0). */
export interface HoldingRecord extends Snapshot {
  type: 'holding'
  symbol: string
  holder: Address
  amount: bigint
}

/**
 * One entry of the append-only audit log of what local users did in the app.
 * `hash = keccak256(prevHash ‖ UTF-8(canonicalJson({ seq, timeMs, user, action, details,
 * prevHash })))` (RFC 8785 canonical JSON; prevHash of entry 1 is 32 zero bytes).
 */
export interface AuditEntry {
  type: 'audit'
  /** 1, 2, 3, … without gaps. */
  seq: number
  timeMs: number
  /** The local user (app login), not a chain address. */
  user: string
  /** What they did, e.g. `export.csv`, `proposal.approve`. */
  action: string
  details: JsonValue
  prevHash: Hex
  hash: Hex
}

/** An audit entry as its hash chain sees it (without the record `type`). */
export type AuditChainEntry = Omit<AuditEntry, 'type'>

/** Any record, discriminated by `type`. */
export type StoredRecord =
  | BlockRecord
  | TransactionRecord
  | ProposalRecord
  | GovProposalRecord
  | PolicyVersionRecord
  | HoldingRecord
  | AuditEntry

/** A point in time: a Date or unix milliseconds. */
export type TimeInput = Date | number

/**
 * Which records to read. `from` is inclusive, `to` exclusive. `accounts` keeps records that
 * relate to one of them (transactions touching them, their proposals, policy versions and
 * holdings); blocks, governance proposals and audit entries relate to no account and are not
 * narrowed by it. `types` defaults to every type.
 */
export interface RecordFilter {
  from?: TimeInput
  to?: TimeInput
  accounts?: readonly Address[]
  types?: readonly RecordType[]
}

export type RecordCounts = Record<RecordType, number>

/** The verified block to record: the light client's LightBlock. */
export interface PutBlockParameters {
  header: Header
  commit: Commit
  validators: readonly Validator[]
}

export interface PutTransactionParameters {
  id: Hex
  height: bigint
  index: number
  txCount: number
  bytes: Uint8Array
  proof: readonly (Hex | Uint8Array)[]
  /** The institution's accounts this transaction touches (may be empty). */
  accounts: readonly Address[]
}

export interface PutProposalParameters {
  id: Hex
  height: bigint
  /** Proof of `proposal/<id>` against the header at `height`. */
  proof: StateProof
}

export interface PutGovProposalParameters {
  id: Hex
  height: bigint
  /** Proof of `gov/proposal/<id>`. */
  proof: StateProof
}

export interface PutPolicyVersionParameters {
  account: Address
  height: bigint
  /** Proof of `account/<account>`. */
  proof: StateProof
}

export interface PutHoldingParameters {
  symbol: string
  holder: Address
  height: bigint
  /** Proof of `balance/<symbol>/<holder>` (present or absent). */
  proof: StateProof
}

export interface AppendAuditParameters {
  user: string
  action: string
  details?: JsonValue
  /** Defaults to the store's clock (Date.now). */
  time?: TimeInput
}

export type AuditChainFault =
  /** An entry's contents no longer match its hash, or the hash the next entry links to. */
  | 'edited'
  /** An entry is gone: a gap in the sequence, a link to nothing, or a truncated tail. */
  | 'missing'
  /** A genuine entry sits at the wrong place in the sequence. */
  | 'reordered'

export type AuditChainResult =
  | { ok: true; count: number; head: Hex }
  | { ok: false; seq: number; reason: AuditChainFault; message: string }

export interface HoldingsQuery {
  holders?: readonly Address[]
  symbols?: readonly string[]
}
