/** Storage and queries of governance proposals, their indexes and the upgrade plan. */
import { NotFound } from '../../protocol/errors'
import type { Hex } from '../../protocol/messages'
import { keys } from '../keys'
import { getParams, type NetworkGovernanceParams } from '../params/params'
import type { StateView } from '../view'
import type { GovProposal, UpgradePlan } from './types'

/** The proposal with this id (the id of the transaction that submitted it); NotFound if none. */
export function getGovProposal(view: StateView, id: Hex): GovProposal {
  const proposal = view.get<GovProposal>(keys.govProposal(id))
  if (!proposal) throw new NotFound('governance proposal', id)
  return proposal
}

/** Every proposal id, oldest first. */
export function govProposalIds(view: StateView): Hex[] {
  return view.get<Hex[]>(keys.govProposals()) ?? []
}

/** Ids of proposals still in their voting period, oldest first. */
export function votingGovProposalIds(view: StateView): Hex[] {
  return view.get<Hex[]>(keys.votingGovProposals()) ?? []
}

/** The software upgrade governance decided, if any. */
export function getUpgradePlan(view: StateView): UpgradePlan | undefined {
  return view.get<UpgradePlan>(keys.upgradePlan())
}

/** The governance rules in force (tally parameters and proposer roles). */
export function getGovernanceParams(view: StateView): NetworkGovernanceParams {
  return getParams(view).governance
}

/** Stores a new proposal and lists it in both indexes. */
export function addGovProposal(view: StateView, proposal: GovProposal): void {
  view.set(keys.govProposal(proposal.id), proposal)
  view.set(keys.govProposals(), [...govProposalIds(view), proposal.id])
  view.set(keys.votingGovProposals(), [...votingGovProposalIds(view), proposal.id])
}

/** Stores a changed proposal, dropping it from the voting index once its status moves on. */
export function putGovProposal(view: StateView, proposal: GovProposal): void {
  view.set(keys.govProposal(proposal.id), proposal)
  if (proposal.status === 'voting') return
  const voting = votingGovProposalIds(view)
  if (!voting.includes(proposal.id)) return
  const rest = voting.filter((id) => id !== proposal.id)
  if (rest.length === 0) view.delete(keys.votingGovProposals())
  else view.set(keys.votingGovProposals(), rest)
}
