/** Fields of one version of an account's members and policy (`account/<address>`). */
import type { Header } from '../../../protocol/block'
import { decodeStateValue } from '../../../protocol/stateValue'
import type { AccountRecord } from '../../../state/accounts/types'
import { DeriveError } from './deriveError'
import type { RecordFields } from './fields'
import { blockTime, jsonField } from './text'

export const policyVersionColumns = [
  'height',
  'time',
  'account',
  'name',
  'policyVersion',
  'creator',
  'createdAt',
  'members',
  'groups',
  'rules',
  'policy',
  'adminRule',
] as const

const ACCOUNT_KEY = /^account\/(0x[0-9a-f]{40})$/

export function policyVersionFields(key: string, value: Uint8Array | null, header: Header) {
  const match = ACCOUNT_KEY.exec(key)
  if (!match) throw new DeriveError(`state key ${JSON.stringify(key)} is not an account`)
  if (value === null) throw new DeriveError(`the proof shows ${key} is absent`)
  const a = decodeStateValue<AccountRecord>(value)
  if (typeof a !== 'object' || a === null || a.address !== match[1])
    throw new DeriveError(`the value of ${key} is not that account`)
  const fields: RecordFields = {
    height: header.height.toString(),
    time: blockTime(header),
    account: a.address,
    name: a.name,
    policyVersion: a.policyVersion.toString(),
    creator: a.creator,
    createdAt: a.createdAt.toString(),
    members: a.members.join(' '),
    groups: jsonField(a.groups),
    rules: jsonField(a.policy.map((rule) => rule.name)),
    policy: jsonField(a.policy),
    adminRule: a.adminRule === undefined ? '' : jsonField(a.adminRule),
  }
  return { id: `${a.address}@${a.policyVersion}`, fields }
}
