/** Fields of a custody proposal as it stood at a height (`proposal/<id>`). */
import type { Header } from '../../../protocol/block'
import { decodeStateValue } from '../../../protocol/stateValue'
import type { Proposal } from '../../../state/accounts/types'
import { DeriveError } from './deriveError'
import type { RecordFields } from './fields'
import { blockTime, jsonField } from './text'

export const proposalColumns = [
  'height',
  'time',
  'id',
  'account',
  'actionKind',
  'symbol',
  'counterparty',
  'amount',
  'reference',
  'initiator',
  'createdAt',
  'policyVersion',
  'ruleIndex',
  'rule',
  'approvals',
  'rejections',
  'status',
  'expiresAt',
  'executableAt',
  'closedAt',
  'reason',
  'change',
] as const

const PROPOSAL_KEY = /^proposal\/(0x[0-9a-f]{64})$/

export function proposalFields(key: string, value: Uint8Array | null, header: Header) {
  const match = PROPOSAL_KEY.exec(key)
  if (!match) throw new DeriveError(`state key ${JSON.stringify(key)} is not a proposal`)
  if (value === null) throw new DeriveError(`the proof shows ${key} is absent`)
  const p = decodeStateValue<Proposal>(value)
  if (typeof p !== 'object' || p === null || p.id !== match[1])
    throw new DeriveError(`the value of ${key} is not that proposal`)
  const fields: RecordFields = {
    height: header.height.toString(),
    time: blockTime(header),
    id: p.id,
    account: p.account,
    actionKind: p.action.kind,
    symbol: p.action.symbol,
    counterparty: p.action.counterparty,
    amount: p.action.amount.toString(),
    reference: p.action.reference,
    initiator: p.initiator,
    createdAt: p.createdAt.toString(),
    policyVersion: p.policyVersion.toString(),
    ruleIndex: String(p.rule.index),
    rule: p.rule.name,
    approvals: p.approvals.join(' '),
    rejections: p.rejections.length === 0 ? '' : jsonField(p.rejections),
    status: p.status,
    expiresAt: p.expiresAt.toString(),
    executableAt: p.executableAt.toString(),
    closedAt: p.closedAt.toString(),
    reason: p.reason,
    change: p.change === undefined ? '' : jsonField(p.change),
  }
  return { id: p.id, fields }
}
