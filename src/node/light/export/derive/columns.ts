/** The CSV columns of each record type, in order (the `fields` of its bundle records). */
import { govProposalColumns } from './govProposalFields'
import { holdingColumns } from './holdingFields'
import { policyVersionColumns } from './policyVersionFields'
import { proposalColumns } from './proposalFields'
import { txColumns } from './txFields'

export const blockColumns = [
  'height',
  'time',
  'hash',
  'step',
  'proposer',
  'txRoot',
  'stateRoot',
  'validatorsHash',
  'nextValidatorsHash',
  'signedPower',
  'totalPower',
  'signers',
] as const

export const auditColumns = [
  'seq',
  'time',
  'user',
  'action',
  'details',
  'prevHash',
  'hash',
] as const

export const recordColumns = {
  block: blockColumns,
  transaction: txColumns,
  proposal: proposalColumns,
  govProposal: govProposalColumns,
  policyVersion: policyVersionColumns,
  holding: holdingColumns,
  audit: auditColumns,
} as const

export type CsvRecordType = keyof typeof recordColumns
