/**
 * Explanations for people: what the account's policy decides about a proposal or a draft
 * action, and for a proposal where it stands (waiting for approvals, timelocked, expired,
 * or closed and why).
 */
import type { Action, Address, Hex } from '../../protocol/messages'
import type { StateView } from '../view'
import { checkAction, draftOf } from './actions'
import { formatTime } from './errors'
import { explain, matchRule, plural, type Explanation } from './policy'
import { getAccount, getProposal } from './records'
import type { AccountRecord, Proposal } from './types'
import { usageFor } from './velocity'

export interface ProposalExplanation {
  proposal: Proposal
  /**
   * The policy's decision with the approvals so far. While the proposal is open, it is
   * evaluated under the policy it was made under (still the account's policy: a change fails
   * open proposals); once closed, under the account's current policy (see `currentPolicy`).
   */
  explanation: Explanation
  /** One line: what is missing, when it may execute, or its final status and reason. */
  summary: string
  /** Whether the account's policy is still the version the proposal was made under. */
  currentPolicy: boolean
  /** For an approved proposal: blocks left before it may execute (0 = it may execute now). */
  timelockRemainingBlocks?: bigint
  /** For a pending proposal that expires: seconds left (0 = expired, awaiting the sweep). */
  expiresInSeconds?: bigint
}

/**
 * Explains proposal `id` at a block height and time.
 *
 * @example
 * explainProposal(view, id, { height: 120n, time: 1_767_225_720n }).summary
 * // → "Policy rule 3 'Large trades' needs 1 more approval from Risk (expires at 2026-01-02T00:00:00Z)"
 */
export function explainProposal(
  view: StateView,
  id: Hex,
  ctx: { height: bigint; time: bigint },
): ProposalExplanation {
  const proposal = getProposal(view, id)
  const account = getAccount(view, proposal.account)
  const currentPolicy = account.policyVersion === proposal.policyVersion
  const open = proposal.status === 'pending' || proposal.status === 'approved'
  const draft = draftOf(proposal.action, proposal.initiator)
  // velocity is shown for open proposals only: a closed one's own execution counts in `executed`
  const usage = open ? usageFor(account.executed, matchRule(account, draft)?.rule, ctx.time) : 0n
  const explanation = explain(account, draft, {
    approvals: proposal.approvals,
    rejections: proposal.rejections.map((r) => r.member),
    usage,
  })
  const base = { proposal, explanation, currentPolicy }
  switch (proposal.status) {
    case 'pending': {
      if (proposal.expiresAt === 0n) return { ...base, summary: explanation.summary }
      const left = proposal.expiresAt > ctx.time ? proposal.expiresAt - ctx.time : 0n
      const summary =
        ctx.time > proposal.expiresAt
          ? `Expired at ${formatTime(proposal.expiresAt)} without enough approvals; it can no longer be approved`
          : `${explanation.summary} (expires at ${formatTime(proposal.expiresAt)})`
      return { ...base, summary, expiresInSeconds: left }
    }
    case 'approved': {
      const left = proposal.executableAt > ctx.height ? proposal.executableAt - ctx.height : 0n
      const summary =
        left === 0n
          ? 'Fully approved; any member can execute it now'
          : `Fully approved; timelocked until height ${proposal.executableAt} (${plural(Number(left), 'more block', 'more blocks')})`
      return { ...base, summary, timelockRemainingBlocks: left }
    }
    default:
      return { ...base, summary: closedSummary(proposal) }
  }
}

function closedSummary(proposal: Proposal): string {
  const at = `at height ${proposal.closedAt}`
  switch (proposal.status) {
    case 'executed':
      return `Executed ${at}`
    case 'failed':
      return `Failed ${at}: ${proposal.reason}`
    case 'rejected':
      return `Rejected ${at}: ${proposal.reason}`
    case 'expired':
      return `Expired ${at}: ${proposal.reason}`
    default:
      return `Cancelled ${at}: ${proposal.reason}`
  }
}

/**
 * Explains what the account's policy would decide if `initiator` proposed `action` at block
 * time `time` (a draft in the app, before anything is signed). The action is checked as
 * `ProposeAction` would check it (throws `InvalidValue`); a 'policy-change' action is
 * explained without checking a new policy.
 *
 * @example
 * explainDraft(view, treasury, { kind: 'transfer', symbol: 'EURC', counterparty: bank, amount: 2_000_000n, reference: ZERO }, alice, now).summary
 * // → "Policy rule 3 'Large trades' needs 2 more approvals from Treasury AND 1 more approval from Risk"
 */
export function explainDraft(
  view: StateView,
  account: Address,
  action: Action,
  initiator: Address,
  time: bigint,
): Explanation {
  const record: AccountRecord = getAccount(view, account)
  if (action.kind !== 'policy-change')
    checkAction({ view, account: record.address, action, field: 'action' })
  const draft = draftOf(action, initiator)
  const usage = usageFor(record.executed, matchRule(record, draft)?.rule, time)
  return explain(record, draft, { approvals: [], rejections: [], usage })
}
