/**
 * The `custos-export-v1` bundle: what an auditor receives and re-verifies offline.
 *
 * ```
 * {
 *   format: "custos-export-v1",
 *   chain: { chainId, verifyingContract },        // the EIP-712 domain commits are signed in
 *   exportedAt, filter,                           // descriptive (bound by the bundle's hash)
 *   trustedRoot: { height, hash },                // the block everything is verified from
 *   lightBlocks: [ { step, header, commit, validators }, … ],   // ascending heights
 *   records: [ { type, id, height, fields, proof }, … ],
 *   auditLog: [ { seq, timeMs, user, action, details, prevHash, hash }, … ]
 * }
 * ```
 *
 * (The writer puts `records` before `lightBlocks`, which are known only after the records;
 * key order carries no meaning.) `lightBlocks[0]` is the trusted root; each later one is
 * verified from the last verified one, by the adjacent rule (next height) or the skipping
 * rule. A record's `proof` is checked against the header at its `height`: a transaction by its
 * Merkle proof against `txRoot` (`tx`, `index`, `txCount`, `path`), a state record by its trie
 * proof against `stateRoot` (`key`, `value`, `nodes`). Its `id` and every one of its `fields`
 * (the CSV columns) are derived again from the proven bytes and compared (`derive/`), so
 * editing any one of them fails that record. `exportedAt` and `filter` describe the export; a
 * record outside the filter's time range or types fails, and the whole file is bound by its
 * SHA-256, which the PDF report prints. The audit log runs from entry 1, so a dropped first
 * entry shows.
 *
 * Limits: a header's txRoot commits to the ids of its transactions, not to their number, so
 * `txCount` is checked only against the Merkle path's shape and the other records of the same
 * block; a commit is proof material (any subset of its signatures holding more than 2/3 is an
 * equally valid proof, every signature present must verify).
 */
import type { Address, Hex } from '../../../protocol/messages'
import type { JsonValue } from '../../records/types'
import type { RecordFields } from '../derive/fields'
import type { LightBlockJson } from './lightBlockJson'

export const BUNDLE_FORMAT = 'custos-export-v1'

/** Record types a bundle's `records` hold (blocks and audit entries have sections of their own). */
export const BUNDLE_RECORD_TYPES = [
  'transaction',
  'proposal',
  'govProposal',
  'policyVersion',
  'holding',
] as const

export type BundleRecordType = (typeof BUNDLE_RECORD_TYPES)[number]
export type StateRecordType = Exclude<BundleRecordType, 'transaction'>

/** The export filter as written in a bundle: ISO times (`to` exclusive), lowercase addresses. */
export interface FilterJson {
  from: string | null
  to: string | null
  accounts: Address[] | null
  types: string[] | null
}

export interface TxProofJson {
  /** The signed envelope (canonical RLP). */
  tx: Hex
  index: number
  txCount: number
  /** Merkle sibling hashes from the leaf up (`verifyMerkleProof`). */
  path: Hex[]
}

export interface StateProofJson {
  key: string
  /** The proven value bytes, or null for a proven absence. */
  value: Hex | null
  /** RLP trie nodes from the state root down. */
  nodes: Hex[]
}

export interface TransactionRecordJson {
  type: 'transaction'
  id: string
  height: string
  fields: RecordFields
  proof: TxProofJson
}

export interface StateRecordJson {
  type: StateRecordType
  id: string
  height: string
  fields: RecordFields
  proof: StateProofJson
}

export type BundleRecordJson = TransactionRecordJson | StateRecordJson

export interface AuditEntryJson {
  seq: number
  timeMs: number
  user: string
  action: string
  details: JsonValue
  prevHash: Hex
  hash: Hex
}

export interface ExportBundle {
  format: typeof BUNDLE_FORMAT
  chain: { chainId: string; verifyingContract: Address }
  exportedAt: string
  filter: FilterJson
  trustedRoot: { height: string; hash: Hex }
  lightBlocks: LightBlockJson[]
  records: BundleRecordJson[]
  auditLog: AuditEntryJson[]
}
