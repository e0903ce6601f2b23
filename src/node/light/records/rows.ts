/**
 * Table rows → records. A row that does not decode means the file was altered or damaged
 * (every row was validated when written), so it is reported as `RecordsCorrupt`.
 */
import { decodeCommit, decodeHeader } from '../../protocol/block'
import { fromHex, toHex } from '../../protocol/hash'
import type { Address, Hex } from '../../protocol/messages'
import type { StateProof } from '../../protocol/stateProof'
import { decodeStateValue } from '../../protocol/stateValue'
import type { TxKind } from '../../protocol/txTypes'
import type { AccountRecord, Proposal, ProposalStatus } from '../../state/accounts/types'
import type { GovProposal, GovProposalStatus } from '../../state/governance/types'
import { RecordsCorrupt } from './errors'
import type {
  AuditEntry,
  BlockRecord,
  GovProposalRecord,
  HoldingRecord,
  JsonValue,
  PolicyVersionRecord,
  ProposalRecord,
  TransactionRecord,
} from './types'

export interface BlockRow {
  height: number
  time_ms: number
  hash: Buffer
  header: Buffer
  commit_rlp: Buffer
  validators: string
}

export interface TransactionRow {
  id: Buffer
  height: number
  time_ms: number
  idx: number
  tx_count: number
  kind: string
  sender: string
  bytes: Buffer
  proof: Buffer
  proposal_id: Buffer | null
  /** JSON array of the accounts (from `transaction_accounts`). */
  accounts: string
}

interface SnapshotRow {
  height: number
  time_ms: number
  proof: string
}

export interface ProposalRow extends SnapshotRow {
  id: Buffer
  account: string
  status: string
}

export interface GovProposalRow extends SnapshotRow {
  id: Buffer
  status: string
}

export interface PolicyVersionRow extends SnapshotRow {
  account: string
  policy_version: number
}

export interface HoldingRow extends SnapshotRow {
  symbol: string
  holder: string
  amount: string
}

export interface AuditRow {
  seq: number
  time_ms: number
  user: string
  action: string
  details: string
  prev_hash: Buffer
  hash: Buffer
}

const encoder = new TextEncoder()

function decoding<T>(what: string, decode: () => T): T {
  try {
    return decode()
  } catch (cause) {
    throw new RecordsCorrupt(`${what} does not decode`, { cause, details: { what } })
  }
}

const hex = (bytes: Buffer): Hex => toHex(new Uint8Array(bytes))

export function blockFromRow(row: BlockRow): BlockRecord {
  return decoding(`block ${row.height}`, () => ({
    type: 'block',
    height: BigInt(row.height),
    timeMs: row.time_ms,
    hash: hex(row.hash),
    header: decodeHeader(new Uint8Array(row.header)),
    commit: decodeCommit(new Uint8Array(row.commit_rlp)),
    validators: decodeStateValue(encoder.encode(row.validators)),
  }))
}

/** Splits concatenated 32-byte sibling hashes. */
function siblings(proof: Buffer): Hex[] {
  if (proof.length % 32 !== 0) throw new Error('proof is not a list of 32-byte hashes')
  const out: Hex[] = []
  for (let i = 0; i < proof.length; i += 32) out.push(hex(proof.subarray(i, i + 32)))
  return out
}

export function transactionFromRow(row: TransactionRow): TransactionRecord {
  return decoding(`transaction ${hex(row.id)}`, () => ({
    type: 'transaction',
    id: hex(row.id),
    height: BigInt(row.height),
    timeMs: row.time_ms,
    index: row.idx,
    txCount: row.tx_count,
    bytes: new Uint8Array(row.bytes),
    proof: siblings(row.proof),
    kind: row.kind as TxKind,
    from: row.sender as Address,
    accounts: (JSON.parse(row.accounts) as Address[]).sort(),
    proposalId: row.proposal_id ? hex(row.proposal_id) : null,
  }))
}

function proofOf(row: SnapshotRow): StateProof {
  return JSON.parse(row.proof) as StateProof
}

/** The record a state proof proves (its value bytes, as state-value JSON). */
export function provenValue<T>(proof: StateProof): T | null {
  return proof.value === null ? null : decodeStateValue<T>(fromHex(proof.value))
}

function provenRecord<T>(proof: StateProof): T {
  const value = provenValue<T>(proof)
  if (value === null) throw new Error(`the proof of ${proof.key} shows no value`)
  return value
}

export function proposalFromRow(row: ProposalRow): ProposalRecord {
  return decoding(`proposal ${hex(row.id)} at ${row.height}`, () => {
    const proof = proofOf(row)
    return {
      type: 'proposal',
      id: hex(row.id),
      account: row.account as Address,
      status: row.status as ProposalStatus,
      height: BigInt(row.height),
      timeMs: row.time_ms,
      proposal: provenRecord<Proposal>(proof),
      proof,
    }
  })
}

export function govProposalFromRow(row: GovProposalRow): GovProposalRecord {
  return decoding(`governance proposal ${hex(row.id)} at ${row.height}`, () => {
    const proof = proofOf(row)
    return {
      type: 'govProposal',
      id: hex(row.id),
      status: row.status as GovProposalStatus,
      height: BigInt(row.height),
      timeMs: row.time_ms,
      proposal: provenRecord<GovProposal>(proof),
      proof,
    }
  })
}

export function policyVersionFromRow(row: PolicyVersionRow): PolicyVersionRecord {
  return decoding(`policy version ${row.policy_version} of ${row.account}`, () => {
    const proof = proofOf(row)
    return {
      type: 'policyVersion',
      account: row.account as Address,
      policyVersion: BigInt(row.policy_version),
      height: BigInt(row.height),
      timeMs: row.time_ms,
      record: provenRecord<AccountRecord>(proof),
      proof,
    }
  })
}

export function holdingFromRow(row: HoldingRow): HoldingRecord {
  return decoding(`holding ${row.symbol} of ${row.holder} at ${row.height}`, () => ({
    type: 'holding',
    symbol: row.symbol,
    holder: row.holder as Address,
    amount: BigInt(row.amount),
    height: BigInt(row.height),
    timeMs: row.time_ms,
    proof: proofOf(row),
  }))
}

export function auditFromRow(row: AuditRow): AuditEntry {
  return decoding(`audit entry ${row.seq}`, () => ({
    type: 'audit',
    seq: row.seq,
    timeMs: row.time_ms,
    user: row.user,
    action: row.action,
    details: JSON.parse(row.details) as JsonValue,
    prevHash: hex(row.prev_hash),
    hash: hex(row.hash),
  }))
}
