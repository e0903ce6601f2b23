import { InvalidValue, Unauthorized } from '../../protocol/errors'
import type { TxMessages } from '../../protocol/messages'
import { voteOptions, type VoteOption } from '../../protocol/txTypes'
import type { HandlerParameters } from '../context'
import { DoubleVote, VotingClosed } from './errors'
import { getGovProposal, putGovProposal } from './proposals'
import { isCurrentValidator } from './validatorSet'

/**
 * A validator votes on a proposal in its voting period. A different option replaces the
 * validator's earlier vote (votes can change until the period ends and count once, weighted
 * at the tally); the same option again is refused as a double vote.
 */
export function castVote(p: HandlerParameters<TxMessages['CastVote']>): void {
  const m = p.message
  const proposal = getGovProposal(p.view, m.proposalId)
  if (proposal.status !== 'voting' || p.ctx.height > proposal.votingEndsAt)
    throw new VotingClosed(proposal.id, proposal.votingEndsAt, proposal.status)
  if (!isCurrentValidator(p.view, p.signer))
    throw new Unauthorized(
      `only validators vote; ${p.signer} is not in the validator set at height ${p.ctx.height}`,
      { signer: p.signer, height: p.ctx.height.toString() },
    )
  if (!(voteOptions as readonly string[]).includes(m.option))
    throw new InvalidValue(
      'CastVote.option',
      `unknown option ${JSON.stringify(m.option)}; use one of ${voteOptions.join(', ')}`,
    )
  const option = m.option as VoteOption
  const voter = p.signer.toLowerCase() as typeof p.signer
  if (proposal.votes[voter] === option) throw new DoubleVote(proposal.id, voter, option)
  putGovProposal(p.view, { ...proposal, votes: { ...proposal.votes, [voter]: option } })
}
