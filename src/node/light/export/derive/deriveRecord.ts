/**
 * Derives a bundle record's id and fields from what its proof proves: a transaction from its
 * authenticated envelope, a state record from its proven value. The exporter writes exactly
 * these; the verifier derives them again and compares, field by field.
 */
import type { Header } from '../../../protocol/block'
import type { Hex, SignedTx } from '../../../protocol/messages'
import type { StateRecordType } from '../bundle/format'
import type { RecordFields } from './fields'
import { govProposalFields } from './govProposalFields'
import { holdingFields } from './holdingFields'
import { policyVersionFields } from './policyVersionFields'
import { proposalFields } from './proposalFields'
import { txFields } from './txFields'

export interface DerivedRecord {
  id: string
  fields: RecordFields
}

export interface DeriveTxParameters {
  tx: SignedTx
  id: Hex
  header: Header
  index: number
  txCount: number
}

export function deriveTransaction(params: DeriveTxParameters): DerivedRecord {
  return { id: params.id, fields: txFields(params) }
}

const stateDerivers: Record<
  StateRecordType,
  (key: string, value: Uint8Array | null, header: Header) => DerivedRecord
> = {
  proposal: proposalFields,
  govProposal: govProposalFields,
  policyVersion: policyVersionFields,
  holding: holdingFields,
}

/** Throws `DeriveError` when the key is not of the type's kind or the value not its record. */
export function deriveStateRecord(
  type: StateRecordType,
  key: string,
  value: Uint8Array | null,
  header: Header,
): DerivedRecord {
  return stateDerivers[type](key, value, header)
}
