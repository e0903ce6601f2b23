/**
 * On-chain records of multi-approver accounts and their proposals (ARCHITECTURE.md, "Custody
 * policies"). The account's policy is kept in the evaluated form of `policy/types.ts`; the
 * signed (wire) form is converted by `policy/wire.ts`.
 */
import type { Action, Address, Hex, MembersAndPolicy } from '../../protocol/messages'
import type { Account } from './policy/types'

/** An executed action counted by velocity limits. */
export interface VelocityEntry {
  /** Block time of execution (unix seconds). */
  time: bigint
  asset: string
  amount: bigint
}

/**
 * An account as stored under `keys.account(address)`. Its group names are user-chosen object
 * keys; `policyFromWire` refuses the only names JSON would not keep in insertion order as
 * ordinary keys (array indexes such as "7", and "__proto__"), so the record's bytes and its
 * signed form stay exactly what the transaction said.
 */
export interface AccountRecord extends Account {
  creator: Address
  /** Height of the block that created it. */
  createdAt: bigint
  /** 1 at creation; +1 at every executed policy change. */
  policyVersion: bigint
  /** Executed actions still inside some rule's velocity period, oldest first. */
  executed: VelocityEntry[]
}

export type ProposalStatus =
  'pending' | 'approved' | 'executed' | 'rejected' | 'expired' | 'cancelled' | 'failed'

export interface Rejection {
  member: Address
  reason: string
}

export interface Proposal {
  /** The id of the transaction that proposed it. */
  id: Hex
  account: Address
  /** The action as proposed; for a policy change, `reference` is the hash of `change`. */
  action: Action
  /** The new members and policy of a policy change (signed form). */
  change?: MembersAndPolicy
  initiator: Address
  /** Height and block time at which it was proposed. */
  createdAt: bigint
  createdTime: bigint
  /** The account's policy version it was proposed under. */
  policyVersion: bigint
  /** The rule that matched at proposal: index (−1 = admin rule) and name. */
  rule: { index: number; name: string }
  /** Members who approved, in order. */
  approvals: Address[]
  rejections: Rejection[]
  status: ProposalStatus
  /** Block time after which a pending proposal expires; 0 = never. */
  expiresAt: bigint
  /** For 'approved': the first height at which it may execute (timelock). */
  executableAt: bigint
  /** Why it was rejected, expired, cancelled or failed. */
  reason: string
  /** Height at which it reached a final status (0 while open). */
  closedAt: bigint
}
