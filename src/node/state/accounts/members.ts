/** Rules about who can be a member and what an account record holds. */
import { InvalidValue } from '../../protocol/errors'
import type { Address, MembersAndPolicy } from '../../protocol/messages'
import type { StateView } from '../view'
import { addressKey, type Account } from './policy'
import { findAccount } from './records'
import type { AccountRecord, VelocityEntry } from './types'

/**
 * Members act by signing, so a member must be someone who can: not the account itself and
 * not another multi-approver account (neither has a private key). Throws `InvalidValue`.
 */
export function checkMembersCanSign(view: StateView, account: Account, prefix: string): void {
  account.members.forEach((member, i) => {
    const field = `${prefix}members[${i}]`
    if (addressKey(member) === addressKey(account.address))
      throw new InvalidValue(field, 'an account cannot be its own member')
    if (findAccount(view, member))
      throw new InvalidValue(
        field,
        `${member} is a multi-approver account, which cannot sign; list the people who act for it`,
      )
  })
}

export interface AccountRecordParameters {
  account: Account
  creator: Address
  createdAt: bigint
  policyVersion: bigint
  executed: VelocityEntry[]
}

/** The stored record, built field by field in a fixed order (its bytes depend on nothing else). */
export function accountRecord(p: AccountRecordParameters): AccountRecord {
  const { account } = p
  return {
    address: account.address,
    name: account.name,
    members: account.members,
    groups: account.groups,
    policy: account.policy,
    ...(account.adminRule ? { adminRule: account.adminRule } : {}),
    creator: p.creator,
    createdAt: p.createdAt,
    policyVersion: p.policyVersion,
    executed: p.executed,
  }
}

/** The members-and-policy part of a message (CreateAccount, ProposePolicyChange). */
export function membersAndPolicyOf(message: MembersAndPolicy): MembersAndPolicy {
  return {
    members: message.members,
    groups: message.groups,
    policy: message.policy,
    adminRule: message.adminRule,
  }
}
