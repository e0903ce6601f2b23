import { InvalidValue } from '../../protocol/errors'
import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { accountRecord, checkMembersCanSign } from './members'
import { policyFromWire } from './policy'
import {
  accountProposalIds,
  closeProposal,
  getProposal,
  openProposalIds,
  putAccount,
} from './records'
import type { AccountRecord, Proposal } from './types'

/**
 * Replaces the account's members, groups, policy and admin rule with those of an approved
 * policy-change proposal and moves its policy version up by one. Every other open proposal
 * of the account fails ("pending proposals re-evaluate against the policy they were created
 * under, or fail — never silently pass", ARCHITECTURE.md "Custody policies"): its approvals
 * were given under rules that no longer hold.
 */
export function applyPolicyChange(
  view: StateView,
  ctx: BlockContext,
  account: AccountRecord,
  proposal: Proposal,
): void {
  if (!proposal.change)
    throw new InvalidValue('proposal.change', 'a policy change proposal holds no new policy')
  const next = policyFromWire(proposal.change, account.name, account.address, 'change.')
  checkMembersCanSign(view, next, 'change.')
  const version = account.policyVersion + 1n
  putAccount(
    view,
    accountRecord({
      account: next,
      creator: account.creator,
      createdAt: account.createdAt,
      policyVersion: version,
      executed: account.executed,
    }),
  )
  const mine = new Set(accountProposalIds(view, account.address))
  const reason =
    `the account's policy changed at height ${ctx.height} ` +
    `(version ${account.policyVersion} → ${version}); propose it again under the new policy`
  for (const id of openProposalIds(view))
    if (id !== proposal.id && mine.has(id))
      closeProposal(view, getProposal(view, id), 'failed', reason, ctx.height)
}
