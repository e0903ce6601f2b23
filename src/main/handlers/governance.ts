/**
 * Governance: proposals with their live or final tally and each validator's vote, and what a
 * validator signs on a device: a text proposal, a vote.
 */
import { castVoteTx, govActionWords, tallyWords, textProposalTx } from '../../node/client'
import type { GovProposalJson } from '../../node/rpc/answers'
import type { IpcResponse } from '../../shared/ipc'
import { sendWithDevice } from './sendWithDevice'
import type { Handler } from './types'

type GovProposalOut = IpcResponse<'custos:gov-show'>

function govProposalOut(p: GovProposalJson): GovProposalOut {
  const t = p.currentTally
  return {
    id: p.id,
    title: p.title,
    description: p.description,
    action: govActionWords(p.action),
    proposer: p.proposer,
    submittedAt: p.submittedAt,
    votingEndsAt: p.votingEndsAt,
    blocksLeft: p.blocksLeft,
    status: p.status,
    reason: p.reason,
    votes: Object.entries(p.votes).map(([voter, option]) => ({
      voter: voter as `0x${string}`,
      option,
    })),
    tally: {
      yes: t.yes,
      no: t.no,
      abstain: t.abstain,
      veto: t.veto,
      totalPower: t.totalPower,
      votedPower: t.votedPower,
      quorumReached: t.quorumReached,
      isFinal: p.tallyIsFinal,
      words: tallyWords(p),
    },
  }
}

export const listGovProposals: Handler<'custos:gov-list'> = async (services, request) => {
  const answer = await services.rpc.listGovProposals({
    ...(request.status === undefined ? {} : { status: request.status }),
    ...(request.limit === undefined ? {} : { limit: request.limit }),
  })
  return {
    height: answer.height,
    total: answer.total,
    proposals: answer.proposals.map(govProposalOut),
  }
}

export const govProposal: Handler<'custos:gov-show'> = async (services, request) =>
  govProposalOut(await services.rpc.getGovProposal(request.id))

export const proposeGovText: Handler<'custos:gov-propose-text'> = async (services, request) =>
  sendWithDevice(services, request.signer, (ctx) =>
    textProposalTx(ctx, {
      title: request.title,
      ...(request.description === undefined ? {} : { description: request.description }),
    }),
  )

export const castGovVote: Handler<'custos:gov-vote'> = async (services, request) =>
  sendWithDevice(services, request.signer, (ctx) =>
    castVoteTx(ctx, { proposalId: request.proposalId, option: request.option }),
  )
