/**
 * Whether the approvals collected so far satisfy an approval requirement, and whether they
 * still can ("a proposal is rejected as soon as its policy can no longer be met").
 *
 * A member counts once per group, and toward every group it belongs to. A member listed in
 * both `approvals` and `rejections` counts as rejecting (the caller keeps each member's
 * latest decision only). `stillPossible` is exactly "met if every member who has not
 * rejected approved", so `met` implies `stillPossible`, and both only move one way as
 * approvals (met: false → true) and rejections (stillPossible: true → false) are added.
 *
 * `excluded` members (the initiator, under a rule with `excludeInitiator`) are taken out of
 * every group: they neither count as approving nor as able to approve, so a group that needs
 * them can no longer be met.
 */
import type { Address } from '../../../protocol/messages'
import { addressKey, plural, sortedDistinct } from './format'
import type { ApprovalRequirement } from './types'

/** Status of one node of the requirement tree. */
export type RequirementStatus =
  | {
      kind: 'group'
      group: string
      threshold: number
      /** Group members who approved (and did not reject), sorted. */
      approved: Address[]
      /** Group members who rejected, sorted. */
      rejected: Address[]
      /** Group members who have done neither, sorted. */
      pending: Address[]
      /** Group members who may not approve (see `excluded`), sorted. */
      excluded: Address[]
      /** Approvals still needed: max(0, threshold − approved). */
      needed: number
      met: boolean
      stillPossible: boolean
    }
  | { kind: 'all' | 'any'; children: RequirementStatus[]; met: boolean; stillPossible: boolean }

/** What is still missing, in the shape of the requirement, with met parts pruned. */
export type MissingApprovals =
  | { group: string; needed: number; canApprove: Address[] }
  | { all: MissingApprovals[] }
  | { any: MissingApprovals[] }

export interface ApprovalStatus {
  met: boolean
  stillPossible: boolean
  /** Undefined when met. OR branches that can no longer be met are left out (unless all are). */
  missing: MissingApprovals | undefined
  tree: RequirementStatus
  /** Members of the groups involved who approved (and did not reject), sorted. */
  approvedBy: Address[]
  /** Members of the groups involved who have neither approved nor rejected, sorted. */
  canStillApprove: Address[]
}

/**
 * Evaluates `requirement` against the approvals and rejections collected so far; `excluded`
 * members (the initiator under `excludeInitiator`) count for nothing.
 *
 * @example
 * approvalStatus({ all: [{ group: 'Treasury', threshold: 2 }, { group: 'Risk', threshold: 1 }] },
 *   groups, [alice, bob], [])
 * // → { met: false, stillPossible: true, missing: { group: 'Risk', needed: 1, canApprove: [...] }, ... }
 */
export function approvalStatus(
  requirement: ApprovalRequirement,
  groups: Record<string, Address[]>,
  approvals: Address[],
  rejections: Address[],
  excluded: Address[] = [],
): ApprovalStatus {
  const out = new Set(excluded.map(addressKey))
  const rejected = new Set(rejections.map(addressKey).filter((key) => !out.has(key)))
  const approved = new Set(
    approvals.map(addressKey).filter((key) => !rejected.has(key) && !out.has(key)),
  )
  const approvedBy: Address[] = []
  const canStillApprove: Address[] = []
  const tree = statusOf(
    requirement,
    groups,
    { approved, rejected, out },
    approvedBy,
    canStillApprove,
  )
  return {
    met: tree.met,
    stillPossible: tree.stillPossible,
    missing: tree.met ? undefined : missingOf(tree),
    tree,
    approvedBy: sortedDistinct(approvedBy),
    canStillApprove: sortedDistinct(canStillApprove),
  }
}

/** Lower-cased addresses by what they did (or may not do). */
interface Decisions {
  approved: Set<string>
  rejected: Set<string>
  out: Set<string>
}

function statusOf(
  requirement: ApprovalRequirement,
  groups: Record<string, Address[]>,
  decisions: Decisions,
  approvedBy: Address[],
  canStillApprove: Address[],
): RequirementStatus {
  const { approved, rejected, out } = decisions
  if ('group' in requirement) {
    const members = sortedDistinct(
      Object.hasOwn(groups, requirement.group) ? groups[requirement.group] : [],
    )
    const yes = members.filter((m) => approved.has(addressKey(m)))
    const no = members.filter((m) => rejected.has(addressKey(m)))
    const excluded = members.filter((m) => out.has(addressKey(m)))
    const pending = members.filter(
      (m) =>
        !approved.has(addressKey(m)) && !rejected.has(addressKey(m)) && !out.has(addressKey(m)),
    )
    approvedBy.push(...yes)
    canStillApprove.push(...pending)
    return {
      kind: 'group',
      group: requirement.group,
      threshold: requirement.threshold,
      approved: yes,
      rejected: no,
      pending,
      excluded,
      needed: Math.max(0, requirement.threshold - yes.length),
      met: yes.length >= requirement.threshold,
      stillPossible: yes.length + pending.length >= requirement.threshold,
    }
  }
  const isAll = 'all' in requirement
  const children = (isAll ? requirement.all : requirement.any).map((child) =>
    statusOf(child, groups, decisions, approvedBy, canStillApprove),
  )
  const combine = (pick: (s: RequirementStatus) => boolean): boolean =>
    isAll ? children.every(pick) : children.some(pick)
  return {
    kind: isAll ? 'all' : 'any',
    children,
    met: combine((s) => s.met),
    stillPossible: combine((s) => s.stillPossible),
  }
}

function missingOf(status: RequirementStatus): MissingApprovals {
  if (status.kind === 'group')
    return { group: status.group, needed: status.needed, canApprove: status.pending }
  const unmet = status.children.filter((child) => !child.met)
  const relevant =
    status.kind === 'any' && unmet.some((c) => c.stillPossible)
      ? unmet.filter((c) => c.stillPossible)
      : unmet
  const parts = relevant.map(missingOf)
  if (parts.length === 1) return parts[0]
  return status.kind === 'all' ? { all: parts } : { any: parts }
}

/** "1 more approval from Risk AND 2 more approvals from Treasury". */
export function missingWords(missing: MissingApprovals): string {
  if ('group' in missing)
    return `${plural(missing.needed, 'more approval', 'more approvals')} from ${missing.group}`
  const [items, joiner] = 'all' in missing ? [missing.all, ' AND '] : [missing.any, ' OR ']
  return items
    .map((item) => ('group' in item ? missingWords(item) : `(${missingWords(item)})`))
    .join(joiner)
}

/** Why a requirement can no longer be met, one phrase per group that cannot reach its threshold. */
export function impossibleWords(status: RequirementStatus): string[] {
  if (status.stillPossible) return []
  if (status.kind === 'group') {
    const excluded =
      status.excluded.length > 0 ? `, ${status.excluded.length} excluded as initiator` : ''
    return [
      `${status.group} needs ${status.needed} more but only ${plural(status.pending.length, 'member', 'members')} can still approve (${status.rejected.length} rejected${excluded})`,
    ]
  }
  const failing = status.children.filter((c) => !c.stillPossible)
  return failing.flatMap(impossibleWords)
}
