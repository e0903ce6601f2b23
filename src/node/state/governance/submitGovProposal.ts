import { InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import type { HandlerParameters } from '../context'
import { checkDisplayText, hasRole } from '../identity/participants'
import { checkGovAction } from './checkGovAction'
import { addGovProposal, getGovernanceParams } from './proposals'
import type { GovProposal } from './types'
import { isCurrentValidator } from './validatorSet'

/**
 * A validator (or a holder of a role listed in `governance.proposerRoles`) submits a
 * governance proposal. Its id is the submitting transaction's id; voting runs from this block
 * to `votingEndsAt` = height + `votingPeriodBlocks`, and the tally runs at the end of that
 * block. The action is checked now, so a proposal that could never apply is refused outright.
 */
export function submitGovProposal(p: HandlerParameters<TxMessages['SubmitGovProposal']>): void {
  const m = p.message
  const governance = getGovernanceParams(p.view)
  const mayPropose =
    isCurrentValidator(p.view, p.signer) ||
    governance.proposerRoles.some((role) => hasRole(p.view, p.signer, role))
  if (!mayPropose) {
    const who =
      governance.proposerRoles.length === 0
        ? 'only validators may propose'
        : `only validators (or holders of roles ${governance.proposerRoles.join(', ')}) may propose`
    throw new Unauthorized(
      `${who}; ${p.signer} is not in the validator set at height ${p.ctx.height}`,
      { signer: p.signer, proposerRoles: governance.proposerRoles },
    )
  }
  const title = m.title.trim()
  if (title === '') throw new InvalidValue('SubmitGovProposal.title', 'must not be empty')
  checkDisplayText('SubmitGovProposal.title', title)
  checkDisplayText('SubmitGovProposal.description', m.description)
  const votingEndsAt = p.ctx.height + governance.votingPeriodBlocks
  checkGovAction({
    view: p.view,
    action: m.action,
    decidedAt: votingEndsAt,
    field: 'SubmitGovProposal.action',
  })
  const proposal: GovProposal = {
    id: p.id,
    title,
    description: m.description,
    action: { ...m.action, target: m.action.target.toLowerCase() as typeof m.action.target },
    proposer: p.signer,
    submittedAt: p.ctx.height,
    votingEndsAt,
    votes: {},
    status: 'voting',
    reason: `Voting until height ${votingEndsAt}`,
  }
  addGovProposal(p.view, proposal)
}
