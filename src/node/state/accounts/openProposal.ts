import { FieldTooLarge, PolicyDenied } from '../../protocol/errors'
import type { Action, Address, Hex, MembersAndPolicy } from '../../protocol/messages'
import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { draftOf } from './actions'
import { runProposal } from './execute'
import { explain, matchRule, type PolicyRule } from './policy'
import { addProposal, openProposalIds, putProposal } from './records'
import { ruleOf } from './rules'
import type { AccountRecord, Proposal } from './types'
import { usageFor } from './velocity'

/** Most open (pending or approved) proposals across accounts; the index is one state value. */
export const MAX_OPEN_PROPOSALS = 10_000

export interface OpenProposalParameters {
  view: StateView
  ctx: BlockContext
  /** The proposing transaction's id: the proposal's id. */
  id: Hex
  initiator: Address
  account: AccountRecord
  action: Action
  change?: MembersAndPolicy
}

/**
 * Decides a new proposal under the account's policy and records it: `block` and `deny` (and a
 * requirement that cannot be met from the start, e.g. when the rule excludes the initiator
 * from the only group that could approve) throw `PolicyDenied` with the explanation, and
 * nothing is stored; `allow` executes at once (or after the rule's timelock) — an action
 * refused at execution is recorded as a `failed` proposal with its reason; `require` waits
 * for approvals. Proposing is not approving: the initiator's approval, where the rule
 * lets it count, is a separate `ApproveProposal`.
 */
export function openProposal(p: OpenProposalParameters): Proposal {
  const { view, ctx, account } = p
  const draft = draftOf(p.action, p.initiator)
  const usage = usageFor(account.executed, matchRule(account, draft)?.rule, ctx.time)
  const explanation = explain(account, draft, { approvals: [], rejections: [], usage })
  if (
    explanation.decision === 'block' ||
    explanation.decision === 'deny' ||
    explanation.blockedBecause !== undefined ||
    explanation.rule === undefined
  )
    throw new PolicyDenied(explanation.summary, {
      account: account.address,
      decision: explanation.decision,
      ...(explanation.rule ? { rule: explanation.rule.name } : {}),
    })
  const open = openProposalIds(view).length
  if (open >= MAX_OPEN_PROPOSALS)
    throw new FieldTooLarge('open proposals', open + 1, MAX_OPEN_PROPOSALS)
  const rule = ruleOf(account, explanation.rule.index)
  const proposal: Proposal = {
    id: p.id,
    account: account.address,
    action: p.action,
    ...(p.change ? { change: p.change } : {}),
    initiator: p.initiator,
    createdAt: ctx.height,
    createdTime: ctx.time,
    policyVersion: account.policyVersion,
    rule: explanation.rule,
    approvals: [],
    rejections: [],
    status: 'pending',
    expiresAt: rule.expirySeconds ? ctx.time + rule.expirySeconds : 0n,
    executableAt: 0n,
    reason: '',
    closedAt: 0n,
  }
  addProposal(view, proposal)
  if (explanation.decision === 'allow') return completeApproval(view, ctx, proposal, rule)
  return proposal
}

/** A fully approved proposal executes now, or waits `timelockBlocks` as 'approved'. */
export function completeApproval(
  view: StateView,
  ctx: BlockContext,
  proposal: Proposal,
  rule: PolicyRule,
): Proposal {
  const timelock = rule.timelockBlocks ?? 0n
  if (timelock === 0n) return runProposal(view, ctx, proposal)
  const approved: Proposal = {
    ...proposal,
    status: 'approved',
    executableAt: ctx.height + timelock,
  }
  putProposal(view, approved)
  return approved
}
