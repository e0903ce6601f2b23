/**
 * Types of a multi-approver account and its ordered custody policy (ARCHITECTURE.md,
 * "Custody policies"): rules are evaluated top-down, first match wins, no match means deny.
 */
import type { Address } from '../../../protocol/messages'

/** What an account can be asked to do. */
export type ActionKind = 'transfer' | 'dvp-affirmation' | 'agent-action' | 'policy-change'

export const ACTION_KINDS: readonly ActionKind[] = [
  'transfer',
  'dvp-affirmation',
  'agent-action',
  'policy-change',
]

/**
 * Approvals a `require` outcome needs: `threshold` distinct members of a named group, or
 * all / any of several requirements. A member counts toward every group it belongs to.
 */
export type ApprovalRequirement =
  | { group: string; threshold: number }
  | { all: ApprovalRequirement[] }
  | { any: ApprovalRequirement[] }

/** Who may initiate: listed members or members of listed groups (either suffices). */
export interface InitiatorMatch {
  members?: Address[]
  groups?: string[]
}

/** Conditions a rule matches on; an absent condition matches everything. */
export interface RuleMatch {
  kinds: ActionKind[] | 'any'
  assets?: string[] | 'any'
  /** Inclusive lower bound; a bounded rule never matches an action without an amount. */
  minAmount?: bigint
  /** Inclusive upper bound. */
  maxAmount?: bigint
  /** A whitelist of counterparties, or 'any'. */
  counterparties?: Address[] | 'any'
  initiators?: InitiatorMatch | 'any'
}

export type RuleOutcome =
  { type: 'block' } | { type: 'allow' } | { type: 'require'; approvals: ApprovalRequirement }

/** At most `amount` of `asset` per `periodSeconds`, counted over executed actions. */
export interface VelocityLimit {
  asset: string
  amount: bigint
  periodSeconds: bigint
}

export interface PolicyRule {
  name: string
  match: RuleMatch
  outcome: RuleOutcome
  /**
   * For a `require` outcome: the proposal's initiator may not approve it and does not count
   * toward any group (four eyes: whoever proposes cannot also be one of the approvers).
   */
  excludeInitiator?: boolean
  velocity?: VelocityLimit
  /** Blocks between full approval and execution. */
  timelockBlocks?: bigint
  /** Seconds after creation after which a pending proposal expires. */
  expirySeconds?: bigint
}

export interface Account {
  address: Address
  name: string
  members: Address[]
  /** Group name → members (each a member of the account). */
  groups: Record<string, Address[]>
  /** Ordered: first match wins, no match denies. */
  policy: PolicyRule[]
  /**
   * Governs changes of members and policy: a rule matching only 'policy-change', consulted
   * before `policy` for policy changes.
   */
  adminRule?: PolicyRule
}

/** An action as proposed (or drafted) from an account. */
export interface DraftAction {
  kind: ActionKind
  asset?: string
  amount?: bigint
  counterparty?: Address
  initiator: Address
}

/** Index reported for the account's admin rule (it is not part of `policy`). */
export const ADMIN_RULE_INDEX = -1

/** The rule an action matched: `index` into `policy`, or `ADMIN_RULE_INDEX`. */
export interface MatchedRule {
  index: number
  rule: PolicyRule
}
