import { CustosError } from '../../protocol/errors'
import type { BlockContext } from '../context'
import type { StateView } from '../view'
import { draftOf } from './actions'
import { performAction } from './perform'
import { velocityWords } from './policy'
import { closeProposal, getAccount, putAccount, putProposal } from './records'
import { ruleOf } from './rules'
import type { Proposal } from './types'
import { recordExecution, velocityOverflowAt } from './velocity'

/**
 * Executes a fully approved proposal (an `allow` at proposal, the last approval, or
 * `ExecuteProposal` after a timelock). The velocity limit is checked again at execution time,
 * then the action runs in a forked view: if it is refused, nothing it wrote is kept and the
 * proposal is `failed` with the error's code and message; otherwise it is `executed` and
 * the amount is recorded for velocity limits. Returns the proposal as stored.
 */
export function runProposal(view: StateView, ctx: BlockContext, proposal: Proposal): Proposal {
  const account = getAccount(view, proposal.account)
  const rule = ruleOf(account, proposal.rule.index)
  const draft = draftOf(proposal.action, proposal.initiator)
  const overflow = velocityOverflowAt(account.executed, rule, draft, ctx.time)
  if (overflow) return closeProposal(view, proposal, 'failed', velocityWords(overflow), ctx.height)

  const actionView = view.fork()
  try {
    performAction(actionView, ctx, account, proposal)
  } catch (error) {
    if (!(error instanceof CustosError)) throw error
    return closeProposal(view, proposal, 'failed', `${error.code}: ${error.message}`, ctx.height)
  }
  actionView.commit()
  // a policy change has just replaced the record: read it again
  const current = getAccount(view, proposal.account)
  putAccount(view, {
    ...current,
    executed: recordExecution(current, current.executed, draft, ctx.time),
  })
  const done: Proposal = { ...proposal, status: 'executed', reason: '', closedAt: ctx.height }
  putProposal(view, done)
  return done
}
