/** Fields of a governance proposal as it stood at a height (`gov/proposal/<id>`). */
import type { Header } from '../../../protocol/block'
import { decodeStateValue } from '../../../protocol/stateValue'
import type { GovProposal } from '../../../state/governance/types'
import { DeriveError } from './deriveError'
import type { RecordFields } from './fields'
import { blockTime, jsonField } from './text'

export const govProposalColumns = [
  'height',
  'time',
  'id',
  'title',
  'description',
  'actionKind',
  'target',
  'power',
  'role',
  'param',
  'value',
  'haltHeight',
  'proposer',
  'submittedAt',
  'votingEndsAt',
  'status',
  'votes',
  'yes',
  'no',
  'abstain',
  'veto',
  'totalPower',
  'reason',
  'effectiveAt',
] as const

const GOV_KEY = /^gov\/proposal\/(0x[0-9a-f]{64})$/

export function govProposalFields(key: string, value: Uint8Array | null, header: Header) {
  const match = GOV_KEY.exec(key)
  if (!match) throw new DeriveError(`state key ${JSON.stringify(key)} is not a governance proposal`)
  if (value === null) throw new DeriveError(`the proof shows ${key} is absent`)
  const p = decodeStateValue<GovProposal>(value)
  if (typeof p !== 'object' || p === null || p.id !== match[1])
    throw new DeriveError(`the value of ${key} is not that governance proposal`)
  const tally = p.tally
  const fields: RecordFields = {
    height: header.height.toString(),
    time: blockTime(header),
    id: p.id,
    title: p.title,
    description: p.description,
    actionKind: p.action.kind,
    target: p.action.target,
    power: p.action.power.toString(),
    role: p.action.role,
    param: p.action.param,
    value: p.action.value,
    haltHeight: p.action.haltHeight.toString(),
    proposer: p.proposer,
    submittedAt: p.submittedAt.toString(),
    votingEndsAt: p.votingEndsAt.toString(),
    status: p.status,
    votes: jsonField(p.votes),
    yes: tally ? tally.yes.toString() : '',
    no: tally ? tally.no.toString() : '',
    abstain: tally ? tally.abstain.toString() : '',
    veto: tally ? tally.veto.toString() : '',
    totalPower: tally ? tally.totalPower.toString() : '',
    reason: p.reason,
    effectiveAt: p.effectiveAt === undefined ? '' : p.effectiveAt.toString(),
  }
  return { id: p.id, fields }
}
